build2/src/cli/common.o: src/cli/common.c src/cli/cli.h src/core/series.h \
 src/core/report.h src/core/summary.h src/core/summary.h src/core/util.h
src/cli/cli.h:
src/core/series.h:
src/core/report.h:
src/core/summary.h:
src/core/summary.h:
src/core/util.h:
