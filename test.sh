#!/usr/bin/env bash
# james-antispam: run every test on this machine (unit tests, real-server tests, the drop-in proof).
#
#   ./test.sh [extra mvn arguments]      e.g. ./test.sh -Dtest=ReferenceGatewayTest -Dsurefire.failIfNoSpecifiedTests=false
#
# Installs what is missing (Debian packages spamassassin spamd spamc rbldnsd swaks), fetches the mail
# corpus (../shared/corpus/fetch-corpus.sh, when present) into target/corpus, then runs mvn verify.
# Tests that need spamd, rbldnsd or swaks fail, never skip, when those are absent.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$ROOT"

# shellcheck source=scripts/prerequisites.sh
. "$ROOT/scripts/prerequisites.sh"
antispam_install_prerequisites

# The SpamAssassin corpus, for the tests and benchmarks that read real mail.
CORPUS_SCRIPT=$ROOT/../shared/corpus/fetch-corpus.sh
if [ -x "$CORPUS_SCRIPT" ] || [ -f "$CORPUS_SCRIPT" ]; then
    bash "$CORPUS_SCRIPT" "$ROOT/target/corpus"
fi

exec mvn -B clean verify "$@"
