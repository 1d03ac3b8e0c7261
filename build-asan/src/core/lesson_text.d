build-asan/src/core/lesson_text.o: src/core/lesson_text.c \
 src/core/lesson_parse.h src/core/lesson.h src/core/diag.h \
 src/core/util.h
src/core/lesson_parse.h:
src/core/lesson.h:
src/core/diag.h:
src/core/util.h:
