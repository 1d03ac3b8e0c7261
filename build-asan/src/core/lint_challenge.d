build-asan/src/core/lint_challenge.o: src/core/lint_challenge.c \
 src/core/challenge.h src/core/step_goal.h src/core/step.h \
 src/core/report.h src/core/step_run.h src/core/lint.h src/core/diag.h \
 src/core/lesson.h src/core/registry.h src/core/util.h
src/core/challenge.h:
src/core/step_goal.h:
src/core/step.h:
src/core/report.h:
src/core/step_run.h:
src/core/lint.h:
src/core/diag.h:
src/core/lesson.h:
src/core/registry.h:
src/core/util.h:
