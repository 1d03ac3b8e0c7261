#!/bin/sh
# 17-crash.sh - a fatal signal (SIGSEGV) restores the terminal before the
# process dies of it.
. "$(dirname "$0")/lib.sh"
fixture_data

start_lab
wait_for "First fixture lesson"
kill -SEGV "$(lab_pid)"
wait_exit
[ "$lab_status" = 139 ] || fail "exit status $lab_status, expected 139 (SIGSEGV)"
assert_tty_restored
wait_for "the terminal was restored"
