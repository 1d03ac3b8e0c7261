build-asan/src/core/metric.o: src/core/metric.c src/core/metric.h \
 src/core/report.h src/core/util.h
src/core/metric.h:
src/core/report.h:
src/core/util.h:
