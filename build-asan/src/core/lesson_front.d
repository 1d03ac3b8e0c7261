build-asan/src/core/lesson_front.o: src/core/lesson_front.c \
 src/core/lesson_parse.h src/core/lesson.h src/core/diag.h \
 src/core/util.h
src/core/lesson_parse.h:
src/core/lesson.h:
src/core/diag.h:
src/core/util.h:
