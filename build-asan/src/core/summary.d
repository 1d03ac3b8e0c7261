build-asan/src/core/summary.o: src/core/summary.c src/core/summary.h \
 src/core/report.h src/core/claim.h src/core/metric.h src/core/util.h
src/core/summary.h:
src/core/report.h:
src/core/claim.h:
src/core/metric.h:
src/core/util.h:
