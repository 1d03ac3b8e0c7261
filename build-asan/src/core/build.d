build-asan/src/core/build.o: src/core/build.c src/core/build.h \
 src/core/spawn.h src/core/util.h
src/core/build.h:
src/core/spawn.h:
src/core/util.h:
