build-asan/src/core/runner.o: src/core/runner.c src/core/runner.h \
 src/core/report.h src/core/spawn.h src/core/util.h
src/core/runner.h:
src/core/report.h:
src/core/spawn.h:
src/core/util.h:
