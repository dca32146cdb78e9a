#!/usr/bin/env bash
# james-antispam: the benchmark against raw spamd, in one command (a tool, not a test: it prints
# figures and never fails on a slow machine; ./test.sh never runs it).
#
#   ./bench.sh                              600 messages, C = 1 and 2, plus the non-SA overhead
#   BENCH_MESSAGES=60 ./bench.sh            a quick run on 60 messages spread over the bench set
#
# What it does: installs what ./run.sh needs (scripts/prerequisites.sh), fetches the corpus
# (../shared/corpus/fetch-corpus.sh -> target/corpus; bench/ = the fixed 600-message set), builds,
# then runs, in one JVM (Maven profile bench):
#   - SpamdThroughputBenchmark: ONE spamd (2 children, the integration tests' deterministic
#     configuration) and a DNS blocklist server (rbldnsd); alternating, spamc -> spamd over the
#     messages, C processes at a time, and an in-process James 3.8.1 with james-antispam and the
#     reference configuration (james-conf/) on the same spamd, the same messages over SMTP from C
#     clients, each with its own envelope sender, until James has accounted for every message
#     (mailboxes + mail repositories);
#   - NonSaOverheadBenchmark: the same pipeline without ScoreWithSpamd against bare James (none of
#     our hooks/mailets), a fresh James of each kind per round, order alternating, 2 uncounted
#     JIT warm-up rounds, then the paired ratios' geometric mean with a 95% confidence interval.
# The tables are printed and kept in target/bench-spamd-throughput.txt and
# target/bench-non-sa-overhead.txt.
#
# Environment (all optional):
#   BENCH_MESSAGES     messages per run (600; fewer are spread evenly over the set)
#   BENCH_CONCURRENCY  comma-separated C values (1,2)
#   BENCH_WARMUP       warm-up messages through spamc and the reference James, not measured (20;
#                      each James of the overhead comparison gets 600, -Dbench.overheadWarmup)
#   BENCH_OVERHEAD     true|false: the non-SA overhead comparison (true)
#   BENCH_OVERHEAD_ROUNDS counted rounds of the overhead comparison (6; ~35 s each, plus 2 warm-up rounds)
#   BENCH_SPAMD        true|false: the comparison with spamc (true)
#   BENCH_THREAD_IDS   naive|james: James' thread-id guessing (naive; see BenchJames)
#   BENCH_JVM_ARGS     extra JVM options, e.g. -XX:StartFlightRecording=filename=/tmp/bench.jfr,settings=profile
#   BENCH_MVN_ARGS     extra Maven options, e.g. -o (offline), -Dbench.overheadRuns=3
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$ROOT"

# shellcheck source=scripts/prerequisites.sh
. "$ROOT/scripts/prerequisites.sh"
antispam_install_prerequisites

CORPUS=$ROOT/target/corpus
mkdir -p "$ROOT/target"
if [ ! -s "$CORPUS/bench.list" ] || [ ! -d "$CORPUS/bench" ]; then
    bash "$ROOT/../shared/corpus/fetch-corpus.sh" "$CORPUS"
fi

# James looks up the name of every SMTP client (InetSocketAddress.getHostName(): the JDK resolver,
# on a netty thread). Where /etc/resolv.conf names an unreachable server, each lookup of a client
# address not cached (the JDK caches a failure for 10 s) stalls that connection for the resolver's
# 5 s timeout: a property of the machine, not of James or of us, that made runs swing by 2-3x. The
# benchmark JVM resolves from this hosts file instead (addresses not in it answer at once, unnamed).
HOSTS=$ROOT/target/bench-hosts
printf '127.0.0.1 localhost %s\n::1 localhost ip6-localhost\n' "$(hostname)" > "$HOSTS"

TESTS=()
[ "${BENCH_SPAMD:-true}" = true ] && TESTS+=(SpamdThroughputBenchmark)
[ "${BENCH_OVERHEAD:-true}" = true ] && TESTS+=(NonSaOverheadBenchmark)
if [ ${#TESTS[@]} -eq 0 ]; then
    echo "nothing to run: BENCH_SPAMD and BENCH_OVERHEAD are both false" >&2
    exit 2
fi
rm -f integration-tests/target/bench/spamd-throughput.txt integration-tests/target/bench/non-sa-overhead.txt
# shellcheck disable=SC2086
mvn -B -q -Pbench ${BENCH_MVN_ARGS:-} verify -pl integration-tests -am \
    -Dtest="$(IFS=,; echo "${TESTS[*]}")" -Dsurefire.failIfNoSpecifiedTests=false \
    -Dantispam.corpus.dir="$CORPUS" \
    -Dbench.messages="${BENCH_MESSAGES:-600}" \
    -Dbench.concurrency="${BENCH_CONCURRENCY:-1,2}" \
    -Dbench.warmup="${BENCH_WARMUP:-20}" \
    -Dbench.overheadRounds="${BENCH_OVERHEAD_ROUNDS:-6}" \
    -Dbench.threadIds="${BENCH_THREAD_IDS:-naive}" \
    "-Dbench.jvmArgs=-Djdk.net.hosts.file=$HOSTS ${BENCH_JVM_ARGS:-}" \
    > "$ROOT/target/bench.log" 2>&1 || {
        tail -60 "$ROOT/target/bench.log" >&2
        echo "!! the benchmark did not run (full log: target/bench.log)" >&2
        exit 1
    }
for report in spamd-throughput non-sa-overhead; do
    if [ -f "integration-tests/target/bench/$report.txt" ]; then
        cp "integration-tests/target/bench/$report.txt" "$ROOT/target/bench-$report.txt"
        echo
        cat "$ROOT/target/bench-$report.txt"
    fi
done
echo "(reports: target/bench-spamd-throughput.txt, target/bench-non-sa-overhead.txt; Maven and James output: target/bench.log)"
