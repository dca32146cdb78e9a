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
mvn -B -q -Pbench verify -pl integration-tests -am -Dtest="$TEST" -Dsurefire.failIfNoSpecifiedTests=false
cat integration-tests/target/bench/*.txt
