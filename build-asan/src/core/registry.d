build-asan/src/core/registry.o: src/core/registry.c src/core/registry.h \
 /usr/include/cjson/cJSON.h src/core/paths.h src/core/util.h
src/core/registry.h:
/usr/include/cjson/cJSON.h:
src/core/paths.h:
src/core/util.h:
