build-asan/src/core/exercise_status.o: src/core/exercise_status.c \
 src/core/exercise_status.h src/core/diag.h src/core/exercise.h \
 src/core/progress.h src/core/util.h
src/core/exercise_status.h:
src/core/diag.h:
src/core/exercise.h:
src/core/progress.h:
src/core/util.h:
