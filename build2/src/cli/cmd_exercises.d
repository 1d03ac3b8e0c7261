build2/src/cli/cmd_exercises.o: src/cli/cmd_exercises.c src/cli/cli.h \
 src/cli/cli_exercise.h src/core/exercise_status.h src/core/diag.h \
 src/core/exercise.h src/core/paths.h src/core/progress.h src/core/util.h
src/cli/cli.h:
src/cli/cli_exercise.h:
src/core/exercise_status.h:
src/core/diag.h:
src/core/exercise.h:
src/core/paths.h:
src/core/progress.h:
src/core/util.h:
