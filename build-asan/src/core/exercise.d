build-asan/src/core/exercise.o: src/core/exercise.c src/core/exercise.h \
 src/core/diag.h src/core/util.h
src/core/exercise.h:
src/core/diag.h:
src/core/util.h:
