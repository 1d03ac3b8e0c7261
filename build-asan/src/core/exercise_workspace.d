build-asan/src/core/exercise_workspace.o: src/core/exercise_workspace.c \
 src/core/exercise.h src/core/diag.h src/core/util.h
src/core/exercise.h:
src/core/diag.h:
src/core/util.h:
