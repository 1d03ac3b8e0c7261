build-asan/src/core/progress.o: src/core/progress.c src/core/progress.h \
 /usr/include/cjson/cJSON.h src/core/paths.h src/core/util.h
src/core/progress.h:
/usr/include/cjson/cJSON.h:
src/core/paths.h:
src/core/util.h:
