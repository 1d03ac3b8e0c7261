build2/src/cli/cmd_shell.o: src/cli/cmd_shell.c src/cli/cli.h \
 src/core/catalog.h src/core/diag.h src/core/lesson.h src/core/command.h \
 src/core/catalog.h src/core/exercise.h src/core/diag.h \
 src/core/registry.h src/core/series.h src/core/report.h \
 src/core/summary.h src/core/exercise.h src/core/paths.h \
 src/core/progress.h src/core/registry.h src/core/series.h \
 src/core/session.h src/core/command.h src/core/progress.h \
 src/core/util.h
src/cli/cli.h:
src/core/catalog.h:
src/core/diag.h:
src/core/lesson.h:
src/core/command.h:
src/core/catalog.h:
src/core/exercise.h:
src/core/diag.h:
src/core/registry.h:
src/core/series.h:
src/core/report.h:
src/core/summary.h:
src/core/exercise.h:
src/core/paths.h:
src/core/progress.h:
src/core/registry.h:
src/core/series.h:
src/core/session.h:
src/core/command.h:
src/core/progress.h:
src/core/util.h:
