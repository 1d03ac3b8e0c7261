build2/src/cli/cmd_verify.o: src/cli/cmd_verify.c src/cli/cli.h \
 src/cli/cli_exercise.h src/core/exercise_status.h src/core/diag.h \
 src/core/exercise.h src/core/util.h
src/cli/cli.h:
src/cli/cli_exercise.h:
src/core/exercise_status.h:
src/core/diag.h:
src/core/exercise.h:
src/core/util.h:
