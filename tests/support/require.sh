# Sourced by the shell suites: `require_tool <suite> <why> <test command...>` skips the suite
# with one line when the test command fails (a tool is missing), or fails where .ci/run set
# HACLUSTER_REQUIRE_ALL, so CI always runs every suite.
require_tool() {
    local suite="$1" why="$2"
    shift 2
    if "$@" >/dev/null 2>&1; then return 0; fi
    if [ -n "${HACLUSTER_REQUIRE_ALL:-}" ]; then
        echo "$suite must run here (HACLUSTER_REQUIRE_ALL is set), but $why" >&2
        exit 1
    fi
    echo "skipped $suite: $why; install it to run this suite, as CI does"
    exit 0
}
