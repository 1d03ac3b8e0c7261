build-asan/src/core/lesson_challenge.o: src/core/lesson_challenge.c \
 src/core/challenge.h src/core/step_goal.h src/core/step.h \
 src/core/report.h src/core/step_run.h src/core/lesson_parse.h \
 src/core/lesson.h src/core/diag.h src/core/util.h
src/core/challenge.h:
src/core/step_goal.h:
src/core/step.h:
src/core/report.h:
src/core/step_run.h:
src/core/lesson_parse.h:
src/core/lesson.h:
src/core/diag.h:
src/core/util.h:
