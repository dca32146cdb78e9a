#!/usr/bin/env bash
# Benchmark of the two end-of-DATA hooks of the reference configuration (ContentChecksHook,
# BannedAttachmentHook): CPU microseconds per message, in process, one thread, over the fixed
# 600-message bench set, round after round (the first rounds warm the JIT up). Not a test.
#
#   scripts/bench-hooks.sh [rounds]
#
# Builds the drop-in jar and the standalone installation if needed (offline), fetches the corpus if
# needed, then runs org.jamesantispam.it.bench.EndOfDataHooksBench on James' own libraries
# (standalone/target/james/james-server-memory-app.lib) and the drop-in jar, logging at WARN.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
JAMES=$ROOT/standalone/target/james
CORPUS=$ROOT/target/corpus
if [ ! -s "$CORPUS/bench.list" ]; then
    bash "$ROOT/../shared/corpus/fetch-corpus.sh" "$CORPUS"
fi
if [ "${ANTISPAM_REBUILD:-0}" = 1 ] || [ ! -d "$JAMES/extensions-jars" ] \
    || [ ! -f "$ROOT/integration-tests/target/test-classes/org/jamesantispam/it/bench/EndOfDataHooksBench.class" ]; then
    mvn -o -B -q package -pl integration-tests -am -DskipTests
fi
LOGBACK=$(mktemp)
trap 'rm -f "$LOGBACK"' EXIT
printf '<configuration><root level="WARN"/></configuration>\n' > "$LOGBACK"
java -Xmx512m -Dlogback.configurationFile="$LOGBACK" \
    -cp "$JAMES/james-server-memory-app.lib/*:$JAMES/extensions-jars/*:$ROOT/integration-tests/target/test-classes" \
    org.jamesantispam.it.bench.EndOfDataHooksBench "$CORPUS/bench" "$ROOT/james-conf" "${1:-20}"
