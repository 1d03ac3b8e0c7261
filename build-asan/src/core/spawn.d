build-asan/src/core/spawn.o: src/core/spawn.c src/core/spawn.h \
 src/core/spawn_internal.h src/core/util.h
src/core/spawn.h:
src/core/spawn_internal.h:
src/core/util.h:
