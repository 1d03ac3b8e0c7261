build2/src/cli/cmd_lint.o: src/cli/cmd_lint.c src/cli/cli.h \
 src/core/lint.h src/core/diag.h src/core/lesson.h src/core/registry.h \
 src/core/paths.h src/core/registry.h src/core/util.h
src/cli/cli.h:
src/core/lint.h:
src/core/diag.h:
src/core/lesson.h:
src/core/registry.h:
src/core/paths.h:
src/core/registry.h:
src/core/util.h:
