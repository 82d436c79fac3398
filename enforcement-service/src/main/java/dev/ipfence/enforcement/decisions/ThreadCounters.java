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
 * <p>A thread that has ended leaves its array, counts included, to the next thread that counts:
 * there are never more arrays than threads that counted at the same time, however many worker
 * threads a pool starts and ends over the years.
 *
 * <p>A read sees each thread's count as of some recent increment: a scrape may miss the last few.
 */
public final class ThreadCounters {

    /** Unused longs before and after a thread's counters: 128 bytes keep neighbours off its lines. */
    private static final int PAD = 16;

    /** One thread's counters and the thread counting in them now. */
    private static final class Counts {
        final AtomicLongArray values;
        // written under the ThreadCounters' lock
        Thread owner;

        Counts(AtomicLongArray values, Thread owner) {
            this.values = values;
            this.owner = owner;
        }
    }

    private final int size;
    private final List<Counts> threads = new CopyOnWriteArrayList<>();
    private final ThreadLocal<AtomicLongArray> own = ThreadLocal.withInitial(this::claim);

    /** {@code size} counters, numbered from 0. */
    public ThreadCounters(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("at least one counter, was " + size);
        }
        this.size = size;
    }

    /**
     * The calling thread's array: one an ended thread left, else a new one. A thread found ended by
     * {@link Thread#isAlive} has made its last writes visible to the caller (JLS 17.4.4).
     */
    private synchronized AtomicLongArray claim() {
        Thread current = Thread.currentThread();
        for (Counts counts : threads) {
            if (!counts.owner.isAlive()) {
                counts.owner = current;
                return counts.values;
            }
        }
        Counts counts = new Counts(new AtomicLongArray(size + 2 * PAD), current);
        threads.add(counts);
        return counts.values;
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
        for (Counts counts : threads) {
            sum += counts.values.getAcquire(slot);
        }
        return sum;
    }

    /** How many arrays the threads that counted hold. */
    int threads() {
        return threads.size();
    }
}
