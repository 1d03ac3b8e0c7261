build-asan/src/core/exercise_verify.o: src/core/exercise_verify.c \
 src/core/exercise.h src/core/diag.h src/core/exercise_output.h \
 src/core/util.h src/core/spawn.h
src/core/exercise.h:
src/core/diag.h:
src/core/exercise_output.h:
src/core/util.h:
src/core/spawn.h:
