build-asan/src/core/paths.o: src/core/paths.c src/core/paths.h \
 src/core/util.h
src/core/paths.h:
src/core/util.h:
