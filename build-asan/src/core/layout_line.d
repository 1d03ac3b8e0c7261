build-asan/src/core/layout_line.o: src/core/layout_line.c \
 src/core/layout_int.h src/core/layout.h src/core/lesson.h \
 src/core/diag.h src/core/util.h
src/core/layout_int.h:
src/core/layout.h:
src/core/lesson.h:
src/core/diag.h:
src/core/util.h:
