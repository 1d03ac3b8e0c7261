#!/bin/sh
# structure.sh - the shape of src/ that issue 11 asks for, checked on the
# sources and on the built objects (nm), so a comment cannot fool it:
#   1. no src/ .c file over 600 lines;
#   2. nothing in src/tui includes a src/cli header;
#   3. fork, vfork, posix_spawn*, exec* and system() only in src/core/spawn*.c;
#   4. no two src/tui files call each other's functions both ways; no view
#      calls another view; the app's files reach views only through the
#      table (taking a view's address is data, not a call), and only the
#      table (app_views.c) names a view.
# Known offenders (work in progress in other branches) are listed below, each
# with its reason; remove a line when its file is mended. A listed file that
# is clean already is reported so the list can shrink; it does not fail.
. "$(dirname "$0")/../lib/common.sh"
B="$root/build"
cd "$root" || fail "no $root"

# Over 600 lines today, being split (issue 11, item 5).
long_ok=""
# Files that may still start a child their own way: none, core/spawn does it.
fork_ok=""

# The view a file belongs to: src/tui/view_demo_draw.c -> view_demo.
view_of() { basename "$1" .c | cut -d_ -f1-2; }
listed() { case " $2 " in *" $1 "*) return 0 ;; esac; return 1; }
errors=0
problem() { echo "structure: $*" >&2; errors=$((errors + 1)); }
note() { echo "structure: note: $*"; }

# 1. file length
for f in src/*.c src/*/*.c; do
	n=$(wc -l <"$f")
	if [ "$n" -gt 600 ]; then
		listed "$f" "$long_ok" || problem "$f has $n lines (at most 600; split it by job)"
	elif listed "$f" "$long_ok"; then
		note "$f has $n lines now: remove it from long_ok"
	fi
done

# 2. tui includes nothing from cli
hits=$(grep -n '#[[:space:]]*include[[:space:]]*"cli/' src/tui/*.c src/tui/*.h)
[ -z "$hits" ] || problem "src/tui includes a src/cli header: $hits"

# The objects: every src/ .c file must have been built (make all).
objs=""
for f in src/*.c src/*/*.c; do
	o="$B/${f%.c}.o"
	[ -f "$o" ] || fail "$o is missing: run make first"
	objs="$objs $o"
done
# "file U|T symbol" for every undefined symbol and every global function.
syms="${TMPDIR:-/tmp}/structure.$$"
trap 'rm -f "$syms"; rm -rf "$XDG_STATE_HOME"' EXIT
for o in $objs; do
	src=${o#"$B"/}
	nm -P "$o" | awk -v f="${src%.o}.c" '$2 == "U" || $2 == "T" { print f, $2, $1 }'
done >"$syms"

# 3. starting a child
for f in $(awk '$2 == "U" && $3 ~ /^(fork|vfork|posix_spawnp?|execvp?e?|execlp?|execle|system)$/ { print $1 }' "$syms" | sort -u); do
	case "$f" in src/core/spawn*.c) continue ;; esac
	if listed "$f" "$fork_ok"; then
		continue
	fi
	problem "$f starts a child itself ($(awk -v f="$f" '$1 == f && $2 == "U" && $3 ~ /^(fork|vfork|posix_spawnp?|execvp?e?|execlp?|execle|system)$/ { printf "%s ", $3 }' "$syms")); use core/spawn"
done
for f in $fork_ok; do
	[ -f "$f" ] || { note "$f is gone: remove it from fork_ok"; continue; }
	awk -v f="$f" '$1 == f && $2 == "U" && $3 ~ /^(fork|vfork|posix_spawnp?|execvp?e?|execlp?|execle|system)$/ { found = 1 } END { exit !found }' "$syms" ||
		note "$f no longer starts a child itself: remove it from fork_ok"
done

# 4. calls between src/tui files: "caller callee" once per pair
edges=$(awk '
	$1 ~ /^src\/tui\// && $2 == "T" { def[$3] = $1 }
	$1 ~ /^src\/tui\// && $2 == "U" { use[NR] = $1 " " $3 }
	END {
		for (i in use) {
			split(use[i], u, " ")
			if ((u[2] in def) && def[u[2]] != u[1])
				print u[1], def[u[2]], u[2]
		}
	}' "$syms" | sort -u)
pairs=$(printf '%s\n' "$edges" | awk 'NF { print $1, $2 }' | sort -u)
printf '%s\n' "$pairs" | while read -r a b; do
	[ -n "$a" ] || continue
	if printf '%s\n' "$pairs" | grep -qx "$b $a"; then
		[ "$a" \< "$b" ] && echo "$a and $b call each other: $(printf '%s\n' "$edges" | awk -v a="$a" -v b="$b" '($1 == a && $2 == b) || ($1 == b && $2 == a) { printf "%s ", $3 }')"
	fi
	case "$a" in src/tui/view_*)
		case "$b" in src/tui/view_*)
			# view_demo.c and view_demo_draw.c are one view
			[ "$(view_of "$a")" = "$(view_of "$b")" ] ||
				echo "$a calls $b: views do not call one another (app_open)" ;;
		esac ;;
	esac
	case "$a" in src/tui/app*)
		case "$b" in src/tui/view_*)
			echo "$a calls $b directly: the app reaches views through the table" ;;
		esac ;;
	esac
done >"$syms.calls"
if [ -s "$syms.calls" ]; then
	while read -r line; do problem "$line"; done <"$syms.calls"
fi
rm -f "$syms.calls"
# Only the table names the views.
for f in $(awk '$2 == "U" && $3 ~ /^view_[a-z_]+$/ && $1 != "src/tui/app_views.c" { print $1 }' "$syms" | sort -u); do
	problem "$f names a view ($(awk -v f="$f" '$1 == f && $2 == "U" && $3 ~ /^view_[a-z_]+$/ { printf "%s ", $3 }' "$syms")); only app_views.c's table does"
done

[ "$errors" -eq 0 ] || fail "$errors structure problem(s)"
exit 0
