build-asan/src/core/challenge.o: src/core/challenge.c \
 src/core/challenge.h src/core/step_goal.h src/core/step.h \
 src/core/report.h src/core/step_run.h src/core/util.h
src/core/challenge.h:
src/core/step_goal.h:
src/core/step.h:
src/core/report.h:
src/core/step_run.h:
src/core/util.h:
