build-asan/src/core/layout.o: src/core/layout.c src/core/highlight.h \
 src/core/layout.h src/core/lesson.h src/core/diag.h \
 src/core/layout_int.h src/core/util.h
src/core/highlight.h:
src/core/layout.h:
src/core/lesson.h:
src/core/diag.h:
src/core/layout_int.h:
src/core/util.h:
