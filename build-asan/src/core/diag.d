build-asan/src/core/diag.o: src/core/diag.c src/core/diag.h \
 src/core/util.h
src/core/diag.h:
src/core/util.h:
