build-asan/src/core/session.o: src/core/session.c src/core/session.h \
 src/core/catalog.h src/core/diag.h src/core/lesson.h src/core/command.h \
 src/core/exercise.h src/core/diag.h src/core/registry.h \
 src/core/series.h src/core/report.h src/core/summary.h \
 src/core/progress.h src/core/paths.h src/core/series.h src/core/util.h
src/core/session.h:
src/core/catalog.h:
src/core/diag.h:
src/core/lesson.h:
src/core/command.h:
src/core/exercise.h:
src/core/diag.h:
src/core/registry.h:
src/core/series.h:
src/core/report.h:
src/core/summary.h:
src/core/progress.h:
src/core/paths.h:
src/core/series.h:
src/core/util.h:
