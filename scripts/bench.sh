#!/usr/bin/env bash
# james-antispam benchmarks (tools, not tests: they print figures and never fail on a slow machine).
#
#   scripts/bench.sh [NAME]     NAME: restrictions, spamd (default: every benchmark)
#
# spamd = SpamdThroughputBenchmark with its defaults; ./bench.sh runs it with its options and the corpus.
#
# Each benchmark measures its baseline in the same run and prints the ratio; figures are also
# written to integration-tests/target/bench/NAME.txt. Needs what ./test.sh installs.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
. "$ROOT/scripts/prerequisites.sh"
antispam_install_prerequisites
case "${1:-all}" in
    restrictions) TEST=RestrictionsBenchmark ;;
    spamd) TEST=SpamdThroughputBenchmark ;;
    all) TEST='*Benchmark' ;;
    *) echo "unknown benchmark: $1" >&2; exit 2 ;;
esac
# James looks up every SMTP client's name with the JDK resolver; with an unreachable DNS server each
# uncached lookup stalls a connection 5 s. The benchmark JVM resolves from a hosts file (see ./bench.sh).
mkdir -p "$ROOT/target"
printf '127.0.0.1 localhost %s\n::1 localhost ip6-localhost\n' "$(hostname)" > "$ROOT/target/bench-hosts"
mvn -B -q -Pbench verify -pl integration-tests -am -Dtest="$TEST" -Dsurefire.failIfNoSpecifiedTests=false \
    "-Dbench.jvmArgs=-Djdk.net.hosts.file=$ROOT/target/bench-hosts"
cat integration-tests/target/bench/*.txt
