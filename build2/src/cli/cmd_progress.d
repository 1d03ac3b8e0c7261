build2/src/cli/cmd_progress.o: src/cli/cmd_progress.c src/cli/cli.h \
 src/core/catalog.h src/core/diag.h src/core/lesson.h \
 src/core/exercise_status.h src/core/diag.h src/core/exercise.h \
 src/core/paths.h src/core/progress.h src/core/progress_export.h \
 src/core/util.h
src/cli/cli.h:
src/core/catalog.h:
src/core/diag.h:
src/core/lesson.h:
src/core/exercise_status.h:
src/core/diag.h:
src/core/exercise.h:
src/core/paths.h:
src/core/progress.h:
src/core/progress_export.h:
src/core/util.h:
