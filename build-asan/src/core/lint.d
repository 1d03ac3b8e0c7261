build-asan/src/core/lint.o: src/core/lint.c src/core/lint.h \
 src/core/diag.h src/core/lesson.h src/core/registry.h src/core/catalog.h \
 src/core/paths.h src/core/util.h
src/core/lint.h:
src/core/diag.h:
src/core/lesson.h:
src/core/registry.h:
src/core/catalog.h:
src/core/paths.h:
src/core/util.h:
