package dev.ipfence.enforcement.decisions;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed number of counters that request threads add to on every decision and metrics read when
 * scraped. Each thread counts in an array of its own, so no two threads ever write the same cache
 * line; a read sums the threads' arrays. A {@code LongAdder} per counter does not give that:
 * adders allocated side by side share a cache line, and as their writes never fail a CAS they
 * never spread out, so two event loops counting different decisions pass the line back and forth
 * on every request ({@code docs/benchmarks.md}, "Forward-auth over HTTP").
 *
 * <p>A read sees each thread's count as of some recent increment: a scrape may miss the last few.
 */
public final class ThreadCounters {

    /** Unused longs before and after a thread's counters: 128 bytes keep neighbours off its lines. */
    private static final int PAD = 16;

    private final int size;
    private final List<AtomicLongArray> threads = new CopyOnWriteArrayList<>();
    private final ThreadLocal<AtomicLongArray> own = ThreadLocal.withInitial(this::register);

    /** {@code size} counters, numbered from 0. */
    public ThreadCounters(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("at least one counter, was " + size);
        }
        this.size = size;
    }

    private AtomicLongArray register() {
        AtomicLongArray counts = new AtomicLongArray(size + 2 * PAD);
        threads.add(counts);
        return counts;
    }

    public int size() {
        return size;
    }

    /** Adds one to counter {@code index} (0 to size - 1); only the calling thread writes its array. */
    public void increment(int index) {
        int slot = PAD + Objects.checkIndex(index, size);
        AtomicLongArray counts = own.get();
        counts.setRelease(slot, counts.getPlain(slot) + 1);
    }

    /** Counter {@code index} summed over every thread that has counted. */
    public long sum(int index) {
        int slot = PAD + Objects.checkIndex(index, size);
        long sum = 0;
        for (AtomicLongArray counts : threads) {
            sum += counts.getAcquire(slot);
        }
        return sum;
    }

    /** How many threads have counted so far (each holds one array). */
    int threads() {
        return threads.size();
    }
}
