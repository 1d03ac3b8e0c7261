# gil: with the GIL, CPU-bound threads are no faster than one thread, while
# threads without it and processes use both cores, and I/O-bound threads with
# the GIL overlap their waits. (Why the GIL exists: tests/demos/refcount.sh.)
. "$(dirname "$0")/../lib/common.sh"

x100() { result_field "$1" "$2" "metrics.speedup * 100 | floor"; }

. "$(dirname "$0")/../lib/guard.sh"

# Timing bounds at the default parameters, measured only when no other
# program holds a core (guard.sh); the results must be right in every run.
gil_speedups() {
	out=$(demo gil --variant cpu_1thread,cpu_processes,cpu_nogil,cpu_gil,io_1thread,io_gil)
	for v in cpu_1thread cpu_processes cpu_nogil cpu_gil io_1thread io_gil; do
		assert_eq "$(result_field "$out" $v correct)" true "$v checksum"
	done
	[ "$(result_field "$out" cpu_gil metrics.switches)" -ge 2 ] || fail "the GIL never changed hands"
	gil=$(x100 "$out" cpu_gil) nogil=$(x100 "$out" cpu_nogil)
	procs=$(x100 "$out" cpu_processes) io=$(x100 "$out" io_gil)
	echo "speedup x100: gil $gil, nogil $nogil, processes $procs, io_gil $io"
	[ "$gil" -le 115 ] && [ "$nogil" -ge 170 ] && [ "$procs" -ge 170 ] && [ "$io" -ge 170 ] ||
		miss "speedup bounds (gil <= 1.15, nogil/processes/io_gil >= 1.7)"
}
guard_retry 4 gil_speedups

# The hand-over is fair: even with a long switch interval both threads get
# the GIL many times in a run that lasts several intervals.
out=$(demo gil --variant cpu_gil steps=400000 switch_us=2000 repeat=1)
assert_ge "$(result_field "$out" cpu_gil metrics.switches)" 4 "GIL hand-overs with switch_us=2000"
