build-asan/src/core/progress_export.o: src/core/progress_export.c \
 src/core/progress_export.h /usr/include/cjson/cJSON.h src/core/catalog.h \
 src/core/diag.h src/core/lesson.h src/core/exercise.h src/core/diag.h \
 src/core/progress.h src/core/util.h
src/core/progress_export.h:
/usr/include/cjson/cJSON.h:
src/core/catalog.h:
src/core/diag.h:
src/core/lesson.h:
src/core/exercise.h:
src/core/diag.h:
src/core/progress.h:
src/core/util.h:
