build2/src/main.o: src/main.c src/cli/cli.h src/core/paths.h \
 src/core/util.h src/tui/tui.h
src/cli/cli.h:
src/core/paths.h:
src/core/util.h:
src/tui/tui.h:
