build-asan/src/core/spawn_child.o: src/core/spawn_child.c \
 src/core/spawn_internal.h src/core/spawn.h src/core/util.h
src/core/spawn_internal.h:
src/core/spawn.h:
src/core/util.h:
