# lockstep - a terminal lab for learning concurrency in C.
#
#   make run      install missing dependencies, build, open the lab
#   make check    install missing dependencies, build, run every test
#   make          build only          make asan   unit tests under ASan+UBSan
#   make tsan     demos under ThreadSanitizer      make bench  speed targets
#   make fuzz     fuzz every input parser (bounded)  make install / uninstall
#
# Build output goes to build/. Set CI=1 to turn warnings into errors.

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
DATADIR    ?= $(PREFIX)/share/lockstep
LIBEXECDIR ?= $(PREFIX)/libexec/lockstep
MANDIR     ?= $(PREFIX)/share/man
DESTDIR    ?=

CC      ?= cc
VERSION := 0.1.0
PKGS    := ncursesw libedit check md4c libcjson
include mk/lab-flags.mk
WARN    := $(LAB_WARN)
ifneq ($(CI),)
WARN    += -Werror
endif
OPT     ?= -O2 -g
CFLAGS_BASE = -std=c11 $(OPT) $(WARN) -pthread

B := build

# ---------------------------------------------------------------- deps
# Debian packages per need; `make deps` installs only what is missing.
DEB_PKGS := gcc make pkg-config libncurses-dev libedit-dev check libsubunit-dev \
            libmd4c-dev libcjson-dev tmux jq

.PHONY: all deps run check asan tsan bench fuzz fuzz-build fuzz-deps install uninstall clean \
        unit-tests demo-tests e2e-tests lint-lessons

all: $(B)/lockstep demos $(B)/lab/registry.jsonl test-children

deps:
	@missing=""; \
	for p in ncursesw:libncurses-dev libedit:libedit-dev check:check \
	         md4c:libmd4c-dev libcjson:libcjson-dev; do \
	  pkg-config --exists "$${p%%:*}" 2>/dev/null || missing="$$missing $${p#*:}"; \
	done; \
	command -v pkg-config >/dev/null || missing="$$missing pkg-config"; \
	command -v tmux >/dev/null || missing="$$missing tmux"; \
	command -v jq >/dev/null || missing="$$missing jq"; \
	command -v $(CC) >/dev/null || missing="$$missing gcc"; \
	case "$$missing" in *check*) missing="$$missing libsubunit-dev";; esac; \
	[ -z "$$missing" ] && exit 0; \
	if ! command -v apt-get >/dev/null; then \
	  echo "lockstep needs these Debian packages (or your system's equivalents):$$missing" >&2; \
	  echo "apt-get was not found: install them with your package manager, then run make again." >&2; \
	  exit 1; \
	fi; \
	sudo=""; if [ "$$(id -u)" -ne 0 ]; then \
	  if ! command -v sudo >/dev/null; then \
	    echo "lockstep needs:$$missing. Install them as root: apt-get install$$missing" >&2; exit 1; \
	  fi; sudo="sudo"; \
	fi; \
	echo "+ $${sudo:+sudo }apt-get update"; \
	$$sudo apt-get update -qq || exit 1; \
	echo "+ $${sudo:+sudo }env DEBIAN_FRONTEND=noninteractive apt-get install -y$$missing"; \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing

# Library flags are read only after deps have run (make re-reads them lazily).
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CORE_LIBS  = $(shell pkg-config --libs md4c libcjson 2>/dev/null)
UI_LIBS    = $(shell pkg-config --libs ncursesw libedit 2>/dev/null)
CHECK_LIBS = $(shell pkg-config --libs check 2>/dev/null)

# ---------------------------------------------------------------- the app
CORE_SRCS := $(wildcard src/core/*.c)
APP_SRCS  := src/main.c $(wildcard src/cli/*.c) $(wildcard src/tui/*.c)
CORE_OBJS  = $(CORE_SRCS:%.c=$(B)/%.o)
APP_OBJS   = $(APP_SRCS:%.c=$(B)/%.o)
APP_DEFS   = -DLOCKSTEP_VERSION='"$(VERSION)"' -DLOCKSTEP_DATADIR='"$(DATADIR)"' \
             -DLOCKSTEP_LIBEXECDIR='"$(LIBEXECDIR)"'

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) $(PKG_CFLAGS) $(APP_DEFS) -Isrc -MMD -MP -c $< -o $@

# Rebuild what bakes in the install paths when PREFIX & co. change.
$(B)/config.stamp: FORCE
	@mkdir -p $(B)
	@echo '$(APP_DEFS)' | cmp -s - $@ || echo '$(APP_DEFS)' > $@
$(B)/src/core/paths.o $(B)/src/main.o: $(B)/config.stamp
# The demo build flags are baked into build.o (mk/lab-flags.mk).
$(B)/src/core/build.o: APP_DEFS += $(LAB_DEFS)
$(B)/src/core/build.o: mk/lab-flags.mk
.PHONY: FORCE
FORCE:

$(B)/libcore.a: $(CORE_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(B)/lockstep: $(APP_OBJS) $(B)/libcore.a
	$(CC) $(CFLAGS_BASE) -o $@ $(APP_OBJS) $(B)/libcore.a $(UI_LIBS) $(CORE_LIBS)

-include $(shell find $(B) -name '*.d' 2>/dev/null)

# ---------------------------------------------------------------- demos
# Every lab/*.c except the helper is one demo: build/lab/NAME.
DEMO_SRCS  := $(filter-out lab/lab.c,$(wildcard lab/*.c))
DEMO_NAMES := $(DEMO_SRCS:lab/%.c=%)
DEMO_BINS  := $(DEMO_NAMES:%=$(B)/lab/%)
# mk/lab-flags.mk's, but a sanitizer build's OPT (given on the command line) wins.
DEMO_OPT    = $(if $(filter command line,$(origin OPT)),$(OPT),$(LAB_OPT))
LAB_CFLAGS  = $(LAB_STD) $(DEMO_OPT) $(WARN)

.PHONY: demos
demos: $(DEMO_BINS)

$(B)/lab/%: lab/%.c lab/lab.c lab/lab.h mk/lab-flags.mk
	@mkdir -p $(dir $@)
	$(CC) $(LAB_CFLAGS) $< lab/lab.c -o $@ $(LAB_LIBS)

# The demo registry: each demo describes itself (--describe); one line each.
# A demo whose source names its stepped threads (lab_step_thread) can be
# stepped and explored: the line says "steppable":true.
$(B)/lab/registry.jsonl: $(DEMO_BINS)
	@for d in $(DEMO_BINS); do j=$$($$d --describe) || exit 1; \
	  if grep -q 'lab_step_thread(' lab/$${d##*/}.c; then j="{\"steppable\":true,$${j#\{}"; fi; \
	  printf '%s\n' "$$j"; done > $@.tmp && mv $@.tmp $@

# ---------------------------------------------------------------- tests
UNIT_SRCS  := $(wildcard tests/unit/check_*.c)
UNIT_BINS  := $(UNIT_SRCS:tests/unit/%.c=$(B)/tests/%)
CHILD_SRCS := $(wildcard tests/children/*.c)
CHILD_BINS := $(CHILD_SRCS:tests/children/%.c=$(B)/tests/children/%)

.PHONY: test-children
test-children: $(CHILD_BINS) $(B)/tests/loadguard $(B)/tests/stepdemo/twolocks \
	$(B)/tests/stepdemo/slowstep

# The one load guard (tests/lib): timing tests skip when other programs are busy.
# A stepped program for the stepper's tests, built like a demo.
$(B)/tests/stepdemo/%: tests/stepdemo/%.c lab/lab.c lab/lab.h
	@mkdir -p $(dir $@)
	$(CC) $(LAB_CFLAGS) -Ilab $< lab/lab.c -o $@ -lrt -lm

$(B)/tests/loadguard: tests/lib/loadguard_cli.c tests/lib/loadguard.c tests/lib/loadguard.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) tests/lib/loadguard_cli.c tests/lib/loadguard.c -o $@

$(B)/tests/children/%: tests/children/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) $< -o $@

$(B)/tests/check_%: tests/unit/check_%.c $(B)/libcore.a tests/lib/loadguard.c tests/lib/loadguard.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) $(PKG_CFLAGS) $(APP_DEFS) -Isrc -Itests/unit -Itests/lib $< \
	  tests/lib/loadguard.c $(filter %.o,$^) -o $@ $(B)/libcore.a $(CORE_LIBS) $(CHECK_LIBS)
# The lab's block font draws nothing (no curses): its test links it alone.
$(B)/tests/check_bigdigits: $(B)/src/tui/bigdigits.o

unit-tests: $(UNIT_BINS) all
	@fail=0; for t in $(UNIT_BINS); do \
	  LOCKSTEP_ROOT=$(CURDIR) $$t || fail=1; done; exit $$fail

demo-tests: all
	@LOCKSTEP_ROOT=$(CURDIR) tests/run-scripts.sh tests/demos tests/cli

e2e-tests: all
	@LOCKSTEP_ROOT=$(CURDIR) tests/run-scripts.sh tests/e2e

lint-lessons: all
	$(B)/lockstep lint

# Timing checks measured on a busy machine skip (tests/lib/guard.sh) and are
# listed in $(B)/skips.log; the last line says how many and why.
export LOCKSTEP_SKIPS ?= $(CURDIR)/build/skips.log
check: deps
	@mkdir -p $(dir $(LOCKSTEP_SKIPS)) && : >$(LOCKSTEP_SKIPS)
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory unit-tests
	@$(MAKE) --no-print-directory lint-lessons
	@$(MAKE) --no-print-directory demo-tests
	@$(MAKE) --no-print-directory tsan
	@$(MAKE) --no-print-directory e2e-tests
	@n=$$(wc -l <$(LOCKSTEP_SKIPS)); \
	echo "make check: all suites passed; $$n timing checks skipped$$( [ $$n -gt 0 ] && echo ' (the machine was busy):')"; \
	sed 's/^/  skipped: /' $(LOCKSTEP_SKIPS)

run: deps
	@$(MAKE) --no-print-directory all
	$(B)/lockstep

# ---------------------------------------------------------------- sanitizers
ASAN := $(B)/asan
asan: deps
	@$(MAKE) --no-print-directory B=$(ASAN) OPT="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer" \
	  $(ASAN)/lockstep $(UNIT_SRCS:tests/unit/%.c=$(ASAN)/tests/%) $(ASAN)/lab/race_counter test-children
	@fail=0; for t in $(UNIT_SRCS:tests/unit/%.c=$(ASAN)/tests/%); do \
	  LOCKSTEP_ROOT=$(CURDIR) ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  CK_FORK=no $$t || fail=1; done; exit $$fail

# Every demo built with -fsanitize=thread; tests/tsan.sh runs each variant:
# safe ones must be clean, racy ones must be reported. tests/tsan_step.sh
# then steps the steppable ones (explore and --schedule through lockstep):
# the step machinery in lab.c must be clean.
TSAN := $(B)/tsan
tsan: all
	@$(MAKE) --no-print-directory B=$(TSAN) OPT="-O1 -g -fsanitize=thread" \
	  $(DEMO_NAMES:%=$(TSAN)/lab/%)
	@tests/tsan.sh $(TSAN)/lab $(B)/lab/registry.jsonl
	@LOCKSTEP=$(abspath $(B)/lockstep) tests/tsan_step.sh $(TSAN)/lab $(B)/lab/registry.jsonl

# ---------------------------------------------------------------- bench, fuzz
bench: all
	@tests/bench.sh; a=$$?; tests/bench_exercises.sh; b=$$?; [ $$a -eq 0 ] && [ $$b -eq 0 ]

# libFuzzer targets, one per parser of outside input (tests/fuzz/fuzz_NAME.c,
# seeds in tests/fuzz/corpus-NAME; the lesson reader's are tests/fuzz/corpus
# plus the real lessons). Core is compiled once with the sanitizers; a target
# that includes the core file it fuzzes (to reach a static line splitter) is
# linked without that file's object. UBSan findings abort (no recovery).
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := lesson events step progress command cohort
FUZZ_FLAGS   := -std=c11 -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_OBJS     = $(CORE_SRCS:src/core/%.c=$(B)/fuzz/obj/%.o)
FUZZ_SKIP_events := $(B)/fuzz/obj/runner.o
FUZZ_SKIP_step   := $(B)/fuzz/obj/step.o

$(B)/fuzz/obj/%.o: src/core/%.c
	@mkdir -p $(dir $@)
	clang $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link $(PKG_CFLAGS) $(APP_DEFS) $(LAB_DEFS) -Isrc -c $< -o $@

$(B)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJS)
	clang $(FUZZ_FLAGS) -fsanitize=fuzzer $(PKG_CFLAGS) $(APP_DEFS) -Isrc $< \
	  $(filter-out $(FUZZ_SKIP_$*),$(FUZZ_OBJS)) -o $@ $(CORE_LIBS)

fuzz-build: $(FUZZ_TARGETS:%=$(B)/fuzz/fuzz_%)
.SECONDARY: $(FUZZ_OBJS)

# clang with libFuzzer, installed only for fuzzing (learners never need it).
fuzz-deps:
	@command -v clang >/dev/null && exit 0; \
	if ! command -v apt-get >/dev/null; then \
	  echo "make fuzz needs clang with libFuzzer; install it with your package manager" >&2; exit 1; \
	fi; \
	sudo=""; [ "$$(id -u)" -ne 0 ] && sudo="sudo"; \
	echo "+ $${sudo:+sudo }apt-get install -y clang libclang-rt-dev"; \
	$$sudo apt-get update -qq && \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang libclang-rt-dev

# Each target for FUZZ_SECONDS on a copy of its seeds; stops at the first finding.
fuzz: fuzz-deps all
	@$(MAKE) --no-print-directory fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	  c=$(B)/fuzz/corpus-$$t; mkdir -p $$c; \
	  if [ $$t = lesson ]; then cp tests/fuzz/corpus/* lessons/[0-9]*.md $$c/; \
	  else cp tests/fuzz/corpus-$$t/* $$c/; fi; \
	  echo "== fuzz_$$t for $(FUZZ_SECONDS) s"; \
	  log=$(B)/fuzz/$$t.log; \
	  $(B)/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=8192 -timeout=10 \
	    -artifact_prefix=$(B)/fuzz/$$t- -print_final_stats=1 $$c >$$log 2>&1; st=$$?; \
	  grep -E '^(#[0-9]+[[:space:]]+DONE|stat::number_of_executed_units)' $$log; \
	  [ $$st -eq 0 ] || { tail -40 $$log; exit 1; }; \
	done

# ---------------------------------------------------------------- install
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/lessons $(DESTDIR)$(DATADIR)/lab \
	  $(DESTDIR)$(DATADIR)/assets $(DESTDIR)$(LIBEXECDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(B)/lockstep $(DESTDIR)$(BINDIR)/lockstep
	install -m 644 lessons/*.md $(DESTDIR)$(DATADIR)/lessons/
	install -m 644 lab/*.c lab/*.h lab/*.md $(DESTDIR)$(DATADIR)/lab/
	cp -R assets/. $(DESTDIR)$(DATADIR)/assets/
	if [ -d lab/exercises ]; then cp -R lab/exercises $(DESTDIR)$(DATADIR)/lab/; fi
	if [ -d tests/exercises ]; then install -d $(DESTDIR)$(DATADIR)/exercises && \
	  cp -R tests/exercises/. $(DESTDIR)$(DATADIR)/exercises/; fi
	install -m 755 $(DEMO_BINS) $(DESTDIR)$(LIBEXECDIR)/
	install -m 644 $(B)/lab/registry.jsonl $(DESTDIR)$(LIBEXECDIR)/
	install -m 644 assets/lockstep.1 $(DESTDIR)$(MANDIR)/man1/lockstep.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/lockstep $(DESTDIR)$(MANDIR)/man1/lockstep.1
	rm -rf $(DESTDIR)$(DATADIR) $(DESTDIR)$(LIBEXECDIR)

clean:
	rm -rf $(B)
