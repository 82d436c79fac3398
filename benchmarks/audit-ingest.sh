#!/usr/bin/env bash
# Sustained audit-service ingest rate: ./benchmarks/audit-ingest.sh [EVENTS] (default 200000).
# Builds what is needed, starts its own PostgreSQL and Kafka, and prints events per second.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./mvnw -B -q package -DskipTests -Dspotless.check.skip=true -pl benchmarks -am
java -Xmx1g -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "benchmarks/target/classes:$(cat benchmarks/target/benchmarks.classpath)" \
  dev.ipfence.bench.AuditIngestBenchmark "${1:-200000}" "$PWD"
