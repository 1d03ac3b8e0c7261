build-asan/src/core/catalog.o: src/core/catalog.c src/core/catalog.h \
 src/core/diag.h src/core/lesson.h src/core/paths.h src/core/util.h
src/core/catalog.h:
src/core/diag.h:
src/core/lesson.h:
src/core/paths.h:
src/core/util.h:
