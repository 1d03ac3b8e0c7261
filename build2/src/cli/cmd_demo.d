build2/src/cli/cmd_demo.o: src/cli/cmd_demo.c /usr/include/cjson/cJSON.h \
 src/cli/cli.h src/core/claim.h src/core/report.h src/core/metric.h \
 src/core/paths.h src/core/registry.h src/core/series.h \
 src/core/summary.h src/core/summary.h src/core/util.h
/usr/include/cjson/cJSON.h:
src/cli/cli.h:
src/core/claim.h:
src/core/report.h:
src/core/metric.h:
src/core/paths.h:
src/core/registry.h:
src/core/series.h:
src/core/summary.h:
src/core/summary.h:
src/core/util.h:
