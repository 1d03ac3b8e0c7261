build-asan/src/core/report.o: src/core/report.c src/core/report.h \
 /usr/include/cjson/cJSON.h src/core/util.h
src/core/report.h:
/usr/include/cjson/cJSON.h:
src/core/util.h:
