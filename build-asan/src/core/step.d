build-asan/src/core/step.o: src/core/step.c src/core/step.h \
 src/core/report.h /usr/include/cjson/cJSON.h src/core/paths.h \
 src/core/registry.h src/core/spawn.h src/core/util.h
src/core/step.h:
src/core/report.h:
/usr/include/cjson/cJSON.h:
src/core/paths.h:
src/core/registry.h:
src/core/spawn.h:
src/core/util.h:
