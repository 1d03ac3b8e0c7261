# lessons/COVERAGE.md maps every section heading of the course notes.
# The headings are read from the notes when they are beside the repository
# (../shared/course-notes), else from tests/fixtures/course-headings.txt, the
# same list extracted once (headings outside code fences, '#' marks removed).
. "$(dirname "$0")/../lib/common.sh"

cov="$root/lessons/COVERAGE.md"
[ -f "$cov" ] || fail "lessons/COVERAGE.md is missing"
notes="$root/../shared/course-notes"
if [ -d "$notes" ]; then
	headings=$(for f in "$notes"/*.txt; do
		awk '/^[[:space:]]*```/{f=!f; next} !f && /^#+ /{print}' "$f"
	done | sed -E 's/^#+ +//; s/ *#+ *$//; s/[[:space:]]+$//; s/^_(.*)_$/\1/' | awk 'NF' | sort -u)
	printf '%s\n' "$headings" | cmp -s - "$root/tests/fixtures/course-headings.txt" ||
		fail "the course notes' headings changed: regenerate tests/fixtures/course-headings.txt"
else
	headings=$(cat "$root/tests/fixtures/course-headings.txt")
fi
missing=0
printf '%s\n' "$headings" | while IFS= read -r h; do
	# the heading must appear in the first column of a table row
	grep -qF "| $h |" "$cov" || { echo "unmapped heading: $h" >&2; exit 1; }
done || missing=1
[ "$missing" -eq 0 ] || fail "COVERAGE.md leaves headings unmapped"
# every lesson it names exists
for id in $(grep -oE '\b[0-9]{2}-[a-z-]+\b' "$cov" | sort -u); do
	[ -f "$root/lessons/$id.md" ] || fail "COVERAGE.md names a missing lesson: $id"
done
