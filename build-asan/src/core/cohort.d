build-asan/src/core/cohort.o: src/core/cohort.c src/core/cohort.h \
 /usr/include/cjson/cJSON.h src/core/paths.h src/core/progress_export.h \
 src/core/util.h
src/core/cohort.h:
/usr/include/cjson/cJSON.h:
src/core/paths.h:
src/core/progress_export.h:
src/core/util.h:
