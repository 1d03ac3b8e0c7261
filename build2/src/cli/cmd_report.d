build2/src/cli/cmd_report.o: src/cli/cmd_report.c src/cli/cli.h \
 src/core/cohort.h
src/cli/cli.h:
src/core/cohort.h:
