# lab-flags.mk - how one lab demo is built, defined once. The Makefile builds
# build/lab/NAME with these (OPT takes LAB_OPT's place in sanitizer builds),
# and they are compiled into lockstep (src/core/build.c), so a rebuild from
# the lab uses exactly the same flags:
#   cc $(LAB_STD) $(LAB_OPT) $(LAB_WARN) lab/NAME.c lab/lab.c -o NAME $(LAB_LIBS)
LAB_STD  := -std=c11 -pthread
LAB_OPT  := -O2 -g
LAB_WARN := -Wall -Wextra -Wpedantic
LAB_LIBS := -lrt -lm

LAB_DEFS := -DLOCKSTEP_LAB_CFLAGS='"$(LAB_STD) $(LAB_OPT) $(LAB_WARN)"' \
            -DLOCKSTEP_LAB_LIBS='"$(LAB_LIBS)"'
