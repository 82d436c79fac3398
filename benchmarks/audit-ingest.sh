#!/usr/bin/env bash
# Sustained audit-service ingest rate: ./benchmarks/audit-ingest.sh [EVENTS] [CONSUMERS] [PEER_ROOT]
# (default 200000 3). Builds what is needed, starts its own PostgreSQL and Kafka, and prints events
# per second for one consumer and for CONSUMERS, side by side, after the audit-service packaged in
# PEER_ROOT (another checkout, e.g. the previous release) when given. JFR profile of the last run:
# JAVA_OPTS=-Dipfence.bench.jfr=/tmp/audit.jfr; random (version 4) event ids instead of time-ordered ones, as
# enforcement-service made them before: JAVA_OPTS=-Dipfence.bench.audit.random-ids=true.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./mvnw -B -q package -DskipTests -Dspotless.check.skip=true -pl benchmarks -am
java -Xmx1g ${JAVA_OPTS:-} -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "benchmarks/target/classes:$(cat benchmarks/target/benchmarks.classpath)" \
  dev.ipfence.bench.AuditIngestBenchmark "${1:-200000}" "$PWD" "${2:-3}" ${3:+"$3"}
