build-asan/src/core/cohort_format.o: src/core/cohort_format.c \
 src/core/cohort.h /usr/include/cjson/cJSON.h src/core/util.h
src/core/cohort.h:
/usr/include/cjson/cJSON.h:
src/core/util.h:
