# recursive_lock: locking a held mutex again times out (normal) or fails with
# EDEADLK (errorcheck); a recursive mutex goes all the way down, exactly.
. "$(dirname "$0")/../lib/common.sh"

start=$(date +%s)
out=$(demo recursive_lock threads=3 ops=20000 depth=4 timeout_ms=50)
[ $(( $(date +%s) - start )) -le 5 ] || fail "a variant took too long (hung?)"

assert_eq "$(result_field "$out" errorcheck metrics.error)" EDEADLK "errorcheck error"
assert_eq "$(result_field "$out" errorcheck observed)" 1 "errorcheck depth reached"
assert_eq "$(result_field "$out" errorcheck metrics.failed)" 3 "errorcheck threads that failed"
assert_eq "$(result_field "$out" errorcheck correct)" false "errorcheck correct"

assert_eq "$(result_field "$out" normal metrics.error)" ETIMEDOUT "normal error"
assert_eq "$(result_field "$out" normal observed)" 1 "normal depth reached"
assert_eq "$(result_field "$out" normal metrics.failed)" 3 "normal threads that failed"
# each of the 3 threads really waited its 50 ms, one after the other
assert_ge "$(( $(result_field "$out" normal elapsed_ns) / 1000000 ))" 150 "normal ms"

assert_eq "$(result_field "$out" recursive correct)" true "recursive correct"
assert_eq "$(result_field "$out" recursive expected)" 4 "recursive depth wanted"
assert_eq "$(result_field "$out" recursive observed)" 4 "recursive depth reached"
assert_eq "$(result_field "$out" recursive metrics.items)" 60000 "recursive items"
assert_eq "$(result_field "$out" recursive metrics.error)" none "recursive error"
for v in normal errorcheck recursive; do
	assert_eq "$(result_field "$out" $v metrics.free_after)" 1 "$v mutex released"
done

# with no nesting, every kind of mutex works
out=$(demo recursive_lock threads=2 ops=1000 depth=1)
for v in normal errorcheck recursive; do
	assert_eq "$(result_field "$out" $v correct)" true "$v correct at depth 1"
done
