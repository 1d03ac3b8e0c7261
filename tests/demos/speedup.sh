# speedup: every variant counts the primes right; with no serial part two
# workers are clearly faster than one; with a serial part the speedup stays
# under Amdahl's bound, which the demo computes.
. "$(dirname "$0")/../lib/common.sh"

x100() { result_field "$1" "$2" "metrics.$3 * 100 | floor"; }

out=$(demo speedup bound=300000 max_workers=2 serial=50 repeat=3)
for v in processes_1 processes_2 threads_1 threads_2; do
	assert_eq "$(result_field "$out" $v correct)" true "$v correct"
	assert_eq "$(result_field "$out" $v observed)" 25997 "$v: primes below 300000"
done
assert_eq "$(x100 "$out" threads_2 amdahl)" 133 "Amdahl's bound for s=0.5, n=2 (x100)"
assert_eq "$(x100 "$out" threads_1 amdahl)" 100 "Amdahl's bound for n=1 (x100)"
assert_eq "$(result_field "$out" processes_2 metrics.workers)" 2 "workers of processes_2"
for v in processes_2 threads_2; do
	sp=$(x100 "$out" $v speedup) eff=$(x100 "$out" $v efficiency)
	assert_le "$(( (sp / 2 - eff) * (sp / 2 - eff) ))" 1 "$v efficiency = speedup / 2"
done

. "$(dirname "$0")/../lib/guard.sh"

# Half the work is serial: two workers cannot be much faster than 4/3, the
# Amdahl bound. Timings prove something only on a quiet machine (guard.sh).
amdahl_holds() {
	out=$(demo speedup bound=300000 max_workers=2 serial=50 repeat=5)
	t=$(x100 "$out" threads_2 speedup) p=$(x100 "$out" processes_2 speedup)
	echo "speedup x100 with 2 workers, serial=50: threads $t, processes $p"
	[ "$t" -le 145 ] && [ "$p" -le 145 ] || miss "speedup above Amdahl's bound 1.33 (+ margin)"
}
guard_retry 3 amdahl_holds

# No serial part: two workers must beat one clearly.
two_beat_one() {
	out=$(demo speedup bound=500000 max_workers=2 serial=0 repeat=3)
	t=$(x100 "$out" threads_2 speedup) p=$(x100 "$out" processes_2 speedup)
	echo "speedup x100 with 2 workers, serial=0: threads $t, processes $p"
	[ "$t" -ge 150 ] && [ "$p" -ge 150 ] || miss "2 workers not 1.5x faster than the sequential loop"
}
guard_retry 5 two_beat_one

# the variant list follows max_workers
n=$("$LAB/speedup" --describe max_workers=3 | jq '.variants | length')
assert_eq "$n" 6 "variants for max_workers=3"
