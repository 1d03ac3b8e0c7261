build-asan/src/core/command.o: src/core/command.c src/core/command.h \
 src/core/catalog.h src/core/diag.h src/core/lesson.h src/core/exercise.h \
 src/core/diag.h src/core/registry.h src/core/series.h src/core/report.h \
 src/core/summary.h src/core/series.h src/core/util.h
src/core/command.h:
src/core/catalog.h:
src/core/diag.h:
src/core/lesson.h:
src/core/exercise.h:
src/core/diag.h:
src/core/registry.h:
src/core/series.h:
src/core/report.h:
src/core/summary.h:
src/core/series.h:
src/core/util.h:
