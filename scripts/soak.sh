#!/usr/bin/env bash
# james-antispam whole-corpus soak (a tool, not part of ./test.sh: it takes 10-15 minutes).
#
#   scripts/soak.sh [extra mvn arguments]     e.g. scripts/soak.sh -Dantispam.soak.limit=1000
#
# All 6,046 messages of the SpamAssassin corpus (target/corpus/full) over SMTP through a real James
# with the reference configuration, a real spamd and a real rbldnsd (integration-tests
# .../it/soak/CorpusSoak.java): every message accounted for through James, no stack trace in James'
# log, heap after a full GC flat from the first thousand messages to the last. Fails otherwise.
# Figures: standard output and integration-tests/target/soak/soak.txt.
# Properties: antispam.soak.limit, antispam.soak.batch (500), antispam.soak.senders (4),
# antispam.soak.maxHeapGrowthMib (16).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
. "$ROOT/scripts/prerequisites.sh"
antispam_install_prerequisites
CORPUS_SCRIPT=$ROOT/../shared/corpus/fetch-corpus.sh
if [ ! -d "$ROOT/target/corpus/full" ] && [ -f "$CORPUS_SCRIPT" ]; then
    bash "$CORPUS_SCRIPT" "$ROOT/target/corpus"
fi
mvn -B -q -Psoak verify -pl integration-tests -am -Dtest=CorpusSoak -Dsurefire.failIfNoSpecifiedTests=false "$@"
cat integration-tests/target/soak/soak.txt
