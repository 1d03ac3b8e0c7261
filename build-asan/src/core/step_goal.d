build-asan/src/core/step_goal.o: src/core/step_goal.c \
 src/core/step_goal.h src/core/step.h src/core/report.h src/core/util.h
src/core/step_goal.h:
src/core/step.h:
src/core/report.h:
src/core/util.h:
