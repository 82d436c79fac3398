#!/usr/bin/env bash
# Sustained audit-service ingest rate: ./benchmarks/audit-ingest.sh [EVENTS] [CONSUMERS] (default 200000 3).
# Builds what is needed, starts its own PostgreSQL and Kafka, and prints events per second for one
# consumer and for CONSUMERS, side by side.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./mvnw -B -q package -DskipTests -Dspotless.check.skip=true -pl benchmarks -am
java -Xmx1g -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "benchmarks/target/classes:$(cat benchmarks/target/benchmarks.classpath)" \
  dev.ipfence.bench.AuditIngestBenchmark "${1:-200000}" "$PWD" "${2:-3}"
