build-asan/src/core/highlight.o: src/core/highlight.c \
 src/core/highlight.h src/core/layout.h src/core/lesson.h src/core/diag.h
src/core/highlight.h:
src/core/layout.h:
src/core/lesson.h:
src/core/diag.h:
