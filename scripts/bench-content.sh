#!/usr/bin/env bash
# Benchmark of the content checks (issue 4): per-message cost of the four scopes with the guide's
# tables (james-conf/) and with a 200-rule table, over the fixed 600-message bench set; median and
# p99 in microseconds, single thread. Not a test: figures depend on the machine.
#
#   scripts/bench-content.sh [rounds]
#
# Builds the drop-in jar and the standalone installation if needed (offline), fetches the corpus if
# needed, then runs org.jamesantispam.it.bench.ContentChecksBench on James' own libraries
# (standalone/target/james/james-server-memory-app.lib) and the drop-in jar.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
JAMES=$ROOT/standalone/target/james
CORPUS=$ROOT/target/corpus
if [ ! -s "$CORPUS/bench.list" ]; then
    bash "$ROOT/../shared/corpus/fetch-corpus.sh" "$CORPUS"
fi
if [ "${ANTISPAM_REBUILD:-0}" = 1 ] || [ ! -d "$JAMES/extensions-jars" ] || [ ! -d "$ROOT/integration-tests/target/test-classes/org/jamesantispam/it/bench" ]; then
    mvn -o -B -q package -pl integration-tests -am -DskipTests
fi
exec java -Xmx512m -cp "$JAMES/james-server-memory-app.lib/*:$JAMES/extensions-jars/*:$ROOT/integration-tests/target/test-classes" \
    org.jamesantispam.it.bench.ContentChecksBench "$CORPUS/bench" "$ROOT/james-conf" "${1:-5}"
