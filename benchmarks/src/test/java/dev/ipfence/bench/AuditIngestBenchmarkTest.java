package dev.ipfence.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Smoke mode: the benchmark runs end to end on a few events; the real run is benchmarks/audit-ingest.sh. */
class AuditIngestBenchmarkTest {

    @Test
    void smokeRunStoresEveryEventAndReportsARate() throws Exception {
        AuditIngestBenchmark.Result result =
                AuditIngestBenchmark.run(2_000, Path.of(System.getProperty("ipfence.root", "..")), 3);
        // run() throws unless audit-service stored all of them; none may be stored twice. (The rate
        // of so few events means nothing: they may all land in one poll.)
        assertThat(result.stored()).isEqualTo(2_000);
        // where the store's time went, by step, as the full run reports it
        assertThat(result.steps()).containsKeys("lock", "copy", "windows", "batches");
    }
}
