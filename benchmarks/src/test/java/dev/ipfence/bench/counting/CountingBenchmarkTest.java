package dev.ipfence.bench.counting;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Smoke mode of the counting benchmark: both ways count every increment, each thread its own counter. */
class CountingBenchmarkTest {

    @Test
    void bothWaysCountEveryIncrementOfEachThreadsCounter() {
        CountingBenchmark benchmark = new CountingBenchmark();
        benchmark.setUp();
        CountingBenchmark.Counter first = new CountingBenchmark.Counter();
        first.setUp(benchmark);
        CountingBenchmark.Counter second = new CountingBenchmark.Counter();
        second.setUp(benchmark);
        for (int i = 0; i < 1_000; i++) {
            benchmark.longAdderPerCounter(first);
            benchmark.threadCounters(first);
        }
        benchmark.longAdderPerCounter(second);
        benchmark.threadCounters(second);

        assertThat(second.index).isEqualTo(first.index + 1);
        assertThat(benchmark.adders[first.index].sum()).isEqualTo(1_000);
        assertThat(benchmark.counters.sum(first.index)).isEqualTo(1_000);
        assertThat(benchmark.adders[second.index].sum()).isEqualTo(1);
        assertThat(benchmark.counters.sum(second.index)).isEqualTo(1);
    }
}
