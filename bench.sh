#!/usr/bin/env bash
# james-antispam: the benchmark against raw spamd, in one command (a tool, not a test: it prints
# figures and never fails on a slow machine; ./test.sh never runs it).
#
#   ./bench.sh                              600 messages, C = 1 and 2, plus the non-SA overhead
#   BENCH_MESSAGES=60 ./bench.sh            a quick run on 60 messages spread over the bench set
#
# What it does: installs what ./run.sh needs (scripts/prerequisites.sh), fetches the corpus
# (../shared/corpus/fetch-corpus.sh -> target/corpus; bench/ = the fixed 600-message set), builds,
# then runs SpamdThroughputBenchmark (Maven profile bench), which starts ONE spamd (2 children, the
# integration tests' deterministic configuration) and a DNS blocklist server (rbldnsd), and in one
# JVM measures, alternating:
#   - spamc -> spamd over the messages, C processes at a time;
#   - an in-process James 3.8.1 with james-antispam and the reference configuration (james-conf/)
#     on the same spamd, the same messages over SMTP from C clients, each with its own envelope
#     sender, until James has accounted for every message (mailboxes + mail repositories);
#   - the same pipeline without ScoreWithSpamd against bare James (none of our hooks/mailets).
# The table is printed and kept in integration-tests/target/bench/spamd-throughput.txt.
#
# Environment (all optional):
#   BENCH_MESSAGES     messages per run (600; fewer are spread evenly over the set)
#   BENCH_CONCURRENCY  comma-separated C values (1,2)
#   BENCH_WARMUP       warm-up messages through spamc and the reference James, not measured (20;
#                      each James of the overhead comparison gets 300, -Dbench.overheadWarmup)
#   BENCH_OVERHEAD     true|false: also the non-SA overhead comparison (true)
#   BENCH_SPAMD        true|false: the comparison with spamc (true)
#   BENCH_THREAD_IDS   naive|james: James' thread-id guessing (naive; see SpamdThroughputBenchmark)
#   BENCH_JVM_ARGS     extra JVM options, e.g. -XX:StartFlightRecording=filename=/tmp/bench.jfr,settings=profile
#   BENCH_COUNTERBALANCE true|false: run the overhead comparison a second time, bare James first,
#                      in a fresh JVM, and print the mean of both orders (true)
#   BENCH_MVN_ARGS     extra Maven options, e.g. -o (offline); -Dbench.overheadBareFirst=true runs bare James
#                      before ours in the overhead comparison (the first James pays for the JIT's warm-up)
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

# One benchmark JVM: $1 = bench.spamd, $2 = bench.overheadBareFirst; the report is copied to $3.
run_benchmark() {
    # shellcheck disable=SC2086
    mvn -B -q -Pbench ${BENCH_MVN_ARGS:-} verify -pl integration-tests -am \
        -Dtest=SpamdThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
        -Dantispam.corpus.dir="$CORPUS" \
        -Dbench.messages="${BENCH_MESSAGES:-600}" \
        -Dbench.concurrency="${BENCH_CONCURRENCY:-1,2}" \
        -Dbench.warmup="${BENCH_WARMUP:-20}" \
        -Dbench.overhead="${BENCH_OVERHEAD:-true}" \
        -Dbench.spamd="$1" \
        -Dbench.overheadBareFirst="$2" \
        -Dbench.threadIds="${BENCH_THREAD_IDS:-naive}" \
        "-Dbench.jvmArgs=-Djdk.net.hosts.file=$HOSTS ${BENCH_JVM_ARGS:-}" \
        > "$ROOT/target/bench.log" 2>&1 || {
            tail -60 "$ROOT/target/bench.log" >&2
            echo "!! the benchmark did not run (full log: target/bench.log)" >&2
            exit 1
        }
    cp integration-tests/target/bench/spamd-throughput.txt "$3"
}

# The non-SA overhead compares two Jameses run one after the other in one JVM, and the second
# profits from the JIT having warmed James' own code (measured: +-25%, more than our stages cost).
# So the comparison runs in both orders, each in a fresh JVM, and the figure is their geometric
# mean (counterbalanced). BENCH_COUNTERBALANCE=false skips the second JVM.
run_benchmark "${BENCH_SPAMD:-true}" false "$ROOT/target/bench-ours-first.txt"
echo
cat "$ROOT/target/bench-ours-first.txt"
if [ "${BENCH_OVERHEAD:-true}" = true ] && [ "${BENCH_COUNTERBALANCE:-true}" = true ]; then
    run_benchmark false true "$ROOT/target/bench-bare-first.txt"
    echo
    grep -E '^(\| (same pipeline|bare James)|non-SA stages)' "$ROOT/target/bench-bare-first.txt" | sed 's/^/bare first: /'
    "$ROOT/scripts/counterbalance.sh" "$ROOT/target/bench-ours-first.txt" "$ROOT/target/bench-bare-first.txt"
fi
echo "(reports: target/bench-ours-first.txt, target/bench-bare-first.txt; Maven and James output: target/bench.log)"
