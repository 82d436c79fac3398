package dev.ipfence.console.attempts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AttemptSeriesTest {

    @Test
    void theAuditServicesBucketsBecomeTheChartsTimesAndCounts() throws Exception {
        AttemptSeries series = AttemptSeries.of(new ObjectMapper()
                .readTree(
                        "{\"bucket\":\"minute\",\"since\":\"2026-12-02T10:00:30Z\",\"until\":\"2026-12-02T10:03:00Z\","
                                + "\"total\":7,\"points\":[{\"start\":\"2026-12-02T10:00:00Z\",\"attempts\":5},"
                                + "{\"start\":\"2026-12-02T10:01:00Z\",\"attempts\":0},"
                                + "{\"start\":\"2026-12-02T10:02:00Z\",\"attempts\":2}]}"));
        long first = Instant.parse("2026-12-02T10:00:00Z").getEpochSecond();
        assertThat(series.times()).containsExactly(first, first + 60, first + 120);
        assertThat(series.counts()).containsExactly(5, 0, 2);
        assertThat(series.total()).isEqualTo(7);
        assertThat(series.bucket()).isEqualTo("minute");
        assertThat(series.json()).isEqualTo("[[" + first + "," + (first + 60) + "," + (first + 120) + "],[5,0,2]]");
    }

    @Test
    void anEmptySeriesDrawsNothing() throws Exception {
        AttemptSeries series =
                AttemptSeries.of(new ObjectMapper().readTree("{\"bucket\":\"hour\",\"total\":0,\"points\":[]}"));
        assertThat(series.json()).isEqualTo("[[],[]]");
    }
}
