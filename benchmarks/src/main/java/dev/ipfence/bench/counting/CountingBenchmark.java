package dev.ipfence.bench.counting;

import dev.ipfence.enforcement.decisions.ThreadCounters;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Decision counting as two event loops do it: each thread adds to its own counter of the
 * {@code ipfence.decisions} matrix (one allows, the other denies), through a {@link LongAdder} per
 * counter (adders allocated side by side, as the registry's were) and through {@link
 * ThreadCounters}. Increments per second, both threads together.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(2)
public class CountingBenchmark {

    static final int COUNTERS = 24;

    LongAdder[] adders;
    ThreadCounters counters;
    final AtomicInteger threads = new AtomicInteger();

    @Setup
    public void setUp() {
        adders = new LongAdder[COUNTERS];
        for (int i = 0; i < COUNTERS; i++) {
            adders[i] = new LongAdder();
        }
        counters = new ThreadCounters(COUNTERS);
    }

    /** The counter a thread adds to: neighbours for the first two threads. */
    @State(Scope.Thread)
    public static class Counter {
        int index;

        @Setup
        public void setUp(CountingBenchmark benchmark) {
            index = benchmark.threads.getAndIncrement() % COUNTERS;
        }
    }

    @Benchmark
    public void longAdderPerCounter(Counter counter) {
        adders[counter.index].increment();
    }

    @Benchmark
    public void threadCounters(Counter counter) {
        counters.increment(counter.index);
    }
}
