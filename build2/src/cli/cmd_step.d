build2/src/cli/cmd_step.o: src/cli/cmd_step.c /usr/include/cjson/cJSON.h \
 src/cli/cli.h src/core/step.h src/core/report.h src/core/step_run.h \
 src/core/step_goal.h src/core/util.h
/usr/include/cjson/cJSON.h:
src/cli/cli.h:
src/core/step.h:
src/core/report.h:
src/core/step_run.h:
src/core/step_goal.h:
src/core/util.h:
