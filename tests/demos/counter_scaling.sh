# counter_scaling: every kind of counter is exact; per-thread slots on their
# own cache lines beat the same slots packed on one line (false sharing), and
# an uncontended atomic beats a lock.
. "$(dirname "$0")/../lib/common.sh"

ns() { result_field "$1" "$2" "metrics.$3 * 1000 | floor"; } # picoseconds

tries=0 ok=no
while [ $tries -lt 3 ] && [ $ok = no ]; do
	tries=$((tries + 1))
	out=$(demo counter_scaling max_threads=2 ops=500000 repeat=3)
	for v in mutex atomic sharded false_sharing; do
		assert_eq "$(result_field "$out" $v correct)" true "$v correct (try $tries)"
		assert_eq "$(result_field "$out" $v observed)" 1500000 "$v total (try $tries)"
		[ "$(result_field "$out" $v metrics.ns_per_op)" != null ] || fail "$v: no ns_per_op"
		[ "$(result_field "$out" $v metrics.ops_per_sec)" != null ] || fail "$v: no ops_per_sec"
	done
	sharded=$(ns "$out" sharded ns_op_2) fs=$(ns "$out" false_sharing ns_op_2)
	atomic1=$(ns "$out" atomic ns_op_1) mutex1=$(ns "$out" mutex ns_op_1)
	echo "try $tries: ps/op at 2 threads: sharded $sharded, false_sharing $fs;" \
		"at 1 thread: atomic $atomic1, mutex $mutex1"
	# false sharing costs at least half as much again as separate lines
	[ $((sharded * 3 / 2)) -lt "$fs" ] && [ "$atomic1" -lt "$mutex1" ] && ok=yes
done
[ $ok = yes ] || fail "sharded not clearly faster than false_sharing, or atomic not faster than mutex, in $tries tries"

# the thread counts asked for are all measured
out=$(demo counter_scaling --variant sharded max_threads=3 ops=1000 repeat=1)
assert_eq "$(result_field "$out" sharded observed)" 6000 "1+2+3 threads x 1000"
[ "$(result_field "$out" sharded metrics.ns_op_3)" != null ] || fail "no ns_op_3"
