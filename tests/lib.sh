# tests/lib.sh -- TAP helpers for the shell tests.  Source it; then call
# ok/fail/is/like and finish with done_testing.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${OUTPOST:=$top_builddir/ui/outpost}"
export OUTPOST_POLICY_DIR="${OUTPOST_POLICY_DIR:-$top_srcdir/contrib/policies}"
TAP_N=0
TAP_FAILED=0

tap_result() { # status description
	TAP_N=$((TAP_N + 1))
	if [ "$1" = 0 ]; then
		echo "ok $TAP_N - $2"
	else
		echo "not ok $TAP_N - $2"
		TAP_FAILED=$((TAP_FAILED + 1))
	fi
}
ok() { tap_result 0 "$1"; }
fail() { tap_result 1 "$1"; [ -n "${2:-}" ] && printf '#   %s\n' "$2"; return 0; }
is() { # got want description
	if [ "$1" = "$2" ]; then ok "$3"; else fail "$3" "got '$1', want '$2'"; fi
}
like() { # text substring description
	case $1 in
	*"$2"*) ok "$3" ;;
	*) fail "$3"; printf '#   missing: %s\n' "$2"; printf '%s\n' "$1" | sed 's/^/#   | /' | head -20 ;;
	esac
}
unlike() { # text substring description
	case $1 in
	*"$2"*) fail "$3" "found: $2" ;;
	*) ok "$3" ;;
	esac
}
skip_all() { echo "1..0 # SKIP $1"; exit 0; }
done_testing() { echo "1..$TAP_N"; [ "$TAP_FAILED" = 0 ]; }

# A private OUTPOST_HOME for one test; removed on exit.
make_home() {
	TEST_HOME=$(mktemp -d "${TMPDIR:-/tmp}/outpost-test.XXXXXX")
	export OUTPOST_HOME="$TEST_HOME"
	trap 'rm -rf "$TEST_HOME"' EXIT
}
