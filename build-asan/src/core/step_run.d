build-asan/src/core/step_run.o: src/core/step_run.c src/core/step_run.h \
 src/core/step.h src/core/report.h src/core/step_goal.h src/core/util.h
src/core/step_run.h:
src/core/step.h:
src/core/report.h:
src/core/step_goal.h:
src/core/util.h:
