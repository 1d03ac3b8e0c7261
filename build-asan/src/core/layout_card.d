build-asan/src/core/layout_card.o: src/core/layout_card.c \
 src/core/layout_int.h src/core/layout.h src/core/lesson.h \
 src/core/diag.h src/core/util.h
src/core/layout_int.h:
src/core/layout.h:
src/core/lesson.h:
src/core/diag.h:
src/core/util.h:
