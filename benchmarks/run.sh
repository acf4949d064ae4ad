#!/usr/bin/env bash
# Builds the sample app and the benchmarks, then runs the benchmark from the repository root.
# Flags go to the runner: benchmarks/run.sh --help. See benchmarks/README.md.
#   MVN_ARGS   Maven options (default "-B -q"; add -o to build offline)
#   SKIP_BUILD=1  use the jars already built
set -euo pipefail
cd "$(dirname "$0")/.."

MVN_ARGS=${MVN_ARGS:--B -q}
if [ "${SKIP_BUILD:-0}" != 1 ]; then
	# shellcheck disable=SC2086
	mvn $MVN_ARGS -pl sample-app -am package -DskipTests
	# shellcheck disable=SC2086
	mvn $MVN_ARGS -f benchmarks/pom.xml package -DskipTests
fi

# 10,000 rollouts in flight need many sockets; take the hard limit if the soft one is lower.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

PIDFILE=benchmarks/target/benchmark-children.pids
cleanup() {
	# The runner stops its children itself; this only catches what a killed runner left behind,
	# and only our processes: JVMs with the benchmark's marker, wrk running one of our scripts.
	if [ -f "$PIDFILE" ]; then
		while read -r pid; do
			if [ -n "$pid" ] && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null \
					| grep -Eq 'taskapp\.benchmark\.child=true|^[^ ]*wrk .*/wrk-[^ /]*\.lua'; then
				kill "$pid" 2>/dev/null || true
			fi
		done < "$PIDFILE"
		rm -f "$PIDFILE"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# shellcheck disable=SC2086
java ${BENCH_JAVA_OPTS:-} -jar benchmarks/target/task-app-benchmarks-all.jar "$@"
