build-asan/src/core/lesson.o: src/core/lesson.c src/core/lesson.h \
 src/core/diag.h src/core/lesson_parse.h src/core/util.h
src/core/lesson.h:
src/core/diag.h:
src/core/lesson_parse.h:
src/core/util.h:
