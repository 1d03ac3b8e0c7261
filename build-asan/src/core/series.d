build-asan/src/core/series.o: src/core/series.c src/core/series.h \
 src/core/report.h src/core/summary.h src/core/machine.h \
 src/core/runner.h src/core/util.h
src/core/series.h:
src/core/report.h:
src/core/summary.h:
src/core/machine.h:
src/core/runner.h:
src/core/util.h:
