build2/src/cli/cmd_show.o: src/cli/cmd_show.c src/cli/cli.h \
 src/core/catalog.h src/core/diag.h src/core/lesson.h src/core/layout.h \
 src/core/paths.h src/core/util.h
src/cli/cli.h:
src/core/catalog.h:
src/core/diag.h:
src/core/lesson.h:
src/core/layout.h:
src/core/paths.h:
src/core/util.h:
