build-asan/src/core/spawn_reap.o: src/core/spawn_reap.c \
 src/core/spawn_internal.h src/core/spawn.h src/core/util.h
src/core/spawn_internal.h:
src/core/spawn.h:
src/core/util.h:
