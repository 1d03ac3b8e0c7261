build2/src/cli/cmd_list.o: src/cli/cmd_list.c /usr/include/cjson/cJSON.h \
 src/cli/cli.h src/core/catalog.h src/core/diag.h src/core/lesson.h \
 src/core/paths.h src/core/progress.h src/core/util.h
/usr/include/cjson/cJSON.h:
src/cli/cli.h:
src/core/catalog.h:
src/core/diag.h:
src/core/lesson.h:
src/core/paths.h:
src/core/progress.h:
src/core/util.h:
