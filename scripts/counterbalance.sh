#!/usr/bin/env bash
# The non-SA overhead of two bench.sh reports that ran the two Jameses in opposite orders
# (ours first, bare first): per C, the geometric mean of the two ratios ours / bare, for time per
# message (bare msg/s / ours msg/s) and for JVM CPU per message. Counterbalancing cancels the
# advantage of whichever James runs second in its JVM (the JIT has warmed James' own code).
#   scripts/counterbalance.sh OURS_FIRST_REPORT BARE_FIRST_REPORT
set -euo pipefail
awk '
/^non-SA stages C=/ {
    c = $3; sub(/C=/, "", c); sub(/:/, "", c)
    bare = $6; ours = $11; cpuBare = $19; cpuOurs = $22
    if (!(c in runs)) { tm[c] = 1; cp[c] = 1 }
    tm[c] *= bare / ours
    cp[c] *= cpuOurs / cpuBare
    runs[c]++
}
END {
    for (c in runs) {
        if (runs[c] != 2) { printf "non-SA stages C=%s: found in %d report(s), need both orders\n", c, runs[c]; continue }
        printf "non-SA stages C=%s, counterbalanced (geometric mean of both orders): %+.1f%% time per message, %+.1f%% CPU per message (goal <= 10%%)\n",
            c, (sqrt(tm[c]) - 1) * 100, (sqrt(cp[c]) - 1) * 100
    }
}' "$1" "$2"
