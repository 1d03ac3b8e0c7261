# lab-flags.mk - how one lab demo is built, defined once. The Makefile builds
# build/lab/NAME with these (OPT takes LAB_OPT's place in sanitizer builds),
# and they are compiled into lockstep (src/core/build.c), so a rebuild from
# the lab uses exactly the same flags:
#   cc $(LAB_STD) $(LAB_OPT) $(LAB_WARN) lab/NAME.c lab/lab.c -o NAME $(LAB_LIBS)
LAB_STD  := -std=c11 -pthread
# Loops and jump targets aligned to 32 bytes: the step marks (lab.h) add one
# test-and-branch to a demo's hot loop, and without a fixed alignment where
# that loop lands moves it by up to 20% either way (race_counter, one thread,
# idle, 2026-12-02: 179 vs 149 ms unaligned, 152 vs 151 ms aligned). Aligned,
# the demo a learner runs is the one `make bench` measures.
LAB_OPT  := -O2 -g -falign-loops=32 -falign-jumps=32
LAB_WARN := -Wall -Wextra -Wpedantic
LAB_LIBS := -lrt -lm

LAB_DEFS := -DLOCKSTEP_LAB_CFLAGS='"$(LAB_STD) $(LAB_OPT) $(LAB_WARN)"' \
            -DLOCKSTEP_LAB_LIBS='"$(LAB_LIBS)"'
