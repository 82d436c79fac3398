#!/usr/bin/env bash
# Matcher benchmarks: ./benchmarks/matcher.sh
#   1. JMH lookups/s per thread at 1,000 / 100,000 / 1,000,000 rules: chain table, per-scope tables, reference
#      implementation, IPAddress associative trie (longest-prefix match), same rules and probes.
#      Also: client address parsing, hand-written fast path vs the strict IPAddress library parse.
#   2. Snapshot compile time and heap bytes per rule (JOL), of the matcher and of enforcement's whole rule state.
# A first argument not starting with '-' picks the benchmarks (a JMH regex); the other arguments go
# to JMH, e.g. ./benchmarks/matcher.sh 'MatcherBenchmark.chainTable' -f 3 -p rules=1000000
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./mvnw -B -q package -DskipTests -Dspotless.check.skip=true -pl benchmarks -am
CP="benchmarks/target/classes:$(cat benchmarks/target/benchmarks.classpath)"
INCLUDE='dev.ipfence.bench.matcher.(MatcherBenchmark|AddressParseBenchmark)'
if [[ $# -gt 0 && "$1" != -* ]]; then INCLUDE="$1"; shift; fi
# defaults for the options not given
DEFAULTS=()
for option in "-f 1" "-wi 3" "-w 2s" "-i 5" "-r 3s"; do
  [[ " $* " == *" ${option%% *} "* ]] || DEFAULTS+=($option)
done
java -Xmx6g -cp "$CP" org.openjdk.jmh.Main "$INCLUDE" "${DEFAULTS[@]}" -jvmArgs "-Xmx6g" "$@"
java -Xmx6g -Djdk.attach.allowAttachSelf=true -cp "$CP" dev.ipfence.bench.matcher.MatcherFootprint
java -Xmx12g -Djdk.attach.allowAttachSelf=true -cp "$CP" dev.ipfence.bench.system.StoreFootprint
