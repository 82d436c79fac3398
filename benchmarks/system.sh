#!/usr/bin/env bash
# Measurements of the running system (packaged jars, real PostgreSQL and Kafka):
#   ./benchmarks/system.sh propagation [CHANGES] [ROOT]
#                                                  rule change -> changed decision, p50/p99/max from the 201 and
#                                                  from the start of the POST, and of each stage between (default
#                                                  500 changes), then rule creation by 16 concurrent clients, then
#                                                  bulk import of 10,000 entries, 5 runs; the services' jars from
#                                                  ROOT/<service>/target/quarkus-app (default: this tree)
#   ./benchmarks/system.sh bulk [RUNS] [ROOT]     bulk import of 10,000 entries into rule-service alone (default 20
#                                                  runs): p50/p99 of the last half and rule-service's CPU per import
#                                                  over it; RULE_SERVICE_JAVA_OPTIONS go to its JVM
#   ./benchmarks/system.sh kafka-hop [RECORDS]      Kafka alone: send -> acknowledged and send -> read, consumers with
#                                                  fetch.max.wait.ms 500 and 5 (default 300 records)
#   ./benchmarks/system.sh cold-start [RULES] [HEAP] [RESTARTS] [ROOT]
#                                                  enforcement-service start to ready with RULES on the topic
#                                                  (default 1,000,000; heap 4g), then RESTARTS starts from its
#                                                  checkpoint (default 1); the jar of ROOT (default: this tree);
#                                                  ENFORCEMENT_JAVA_OPTIONS go to its JVM
#   ./benchmarks/system.sh cold-start-shards [RULES] [ORGANIZATIONS] [SHARDS] [HEAP] [ROOT]
#                                                  RULES of ORGANIZATIONS on the topic (default 10,000,000 of
#                                                  10,000), then a replica of each of SHARDS shards (default 2;
#                                                  heap 6g) starts from the topic, then from its checkpoint
#   ./benchmarks/system.sh soak [SECONDS]           decisions, forward-auth and rule writes together on loopback
#                                                  (default 600 s): throughput, errors, p99, heap after GC, audit
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./mvnw -B -q package -DskipTests -Dspotless.check.skip=true -pl benchmarks -am
CP="benchmarks/target/classes:$(cat benchmarks/target/benchmarks.classpath)"
# JAVA_OPTS: system properties of a benchmark (e.g. -Dipfence.bench.kafka.acks=1 for kafka-hop,
# -Dipfence.bench.writes.warm-up=1000 for the creations of propagation);
# IPFENCE_DEV_SERVERS_JAVA_OPTIONS: the JVM options of the project's PostgreSQL and Kafka process
JAVA=(java -Xmx2g ${JAVA_OPTS:-} -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$CP")
case "${1:-}" in
  propagation) "${JAVA[@]}" dev.ipfence.bench.system.RuleServiceBenchmarks "${2:-500}" "${3:-$PWD}" ;;
  bulk) "${JAVA[@]}" dev.ipfence.bench.system.BulkImport "${2:-20}" "${3:-$PWD}" ;;
  kafka-hop) "${JAVA[@]}" dev.ipfence.bench.system.KafkaHop "${2:-300}" ;;
  cold-start) "${JAVA[@]}" dev.ipfence.bench.system.ColdStartBenchmark "${2:-1000000}" "${5:-$PWD}" "${3:-4g}" "${4:-1}" ;;
  cold-start-shards) "${JAVA[@]}" dev.ipfence.bench.system.ShardedColdStart "${2:-10000000}" "${3:-10000}" "${4:-2}" "${6:-$PWD}" "${5:-6g}" ;;
  soak) "${JAVA[@]}" dev.ipfence.bench.system.Soak "${2:-600}" "$PWD" ;;
  *) sed -n '2,24p' "$0"; exit 2 ;;
esac
