build2/src/tui/app_loop.o: src/tui/app_loop.c src/core/util.h \
 src/tui/app.h src/tui/view.h src/tui/ui.h src/core/catalog.h \
 src/core/diag.h src/core/lesson.h src/core/exercise.h src/core/diag.h \
 src/core/exercise_status.h src/core/layout.h src/core/progress.h \
 src/core/registry.h src/core/report.h src/core/series.h \
 src/core/report.h src/core/summary.h src/core/session.h \
 src/core/catalog.h src/core/command.h src/core/exercise.h \
 src/core/registry.h src/core/series.h src/core/progress.h src/tui/tui.h
src/core/util.h:
src/tui/app.h:
src/tui/view.h:
src/tui/ui.h:
src/core/catalog.h:
src/core/diag.h:
src/core/lesson.h:
src/core/exercise.h:
src/core/diag.h:
src/core/exercise_status.h:
src/core/layout.h:
src/core/progress.h:
src/core/registry.h:
src/core/report.h:
src/core/series.h:
src/core/report.h:
src/core/summary.h:
src/core/session.h:
src/core/catalog.h:
src/core/command.h:
src/core/exercise.h:
src/core/registry.h:
src/core/series.h:
src/core/progress.h:
src/tui/tui.h:
