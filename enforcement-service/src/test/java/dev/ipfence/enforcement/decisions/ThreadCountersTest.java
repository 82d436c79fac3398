package dev.ipfence.enforcement.decisions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ThreadCountersTest {

    @Test
    void countsOfManyThreadsAddUpExactly() throws InterruptedException {
        ThreadCounters counters = new ThreadCounters(3);
        CountDownLatch counting = new CountDownLatch(4);
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int own = t % 3;
            Thread thread = new Thread(() -> {
                // the first increment before any thread ends, so that each keeps an array of its own
                counters.increment(own);
                counters.increment(2);
                counting.countDown();
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 1; i < 100_000; i++) {
                    counters.increment(own);
                    counters.increment(2);
                }
            });
            thread.start();
            threads.add(thread);
        }
        counting.await();
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        // threads 0 and 3 count into counter 0, thread 1 into 1, thread 2 into 2; all of them into 2
        assertThat(counters.sum(0)).isEqualTo(200_000);
        assertThat(counters.sum(1)).isEqualTo(100_000);
        assertThat(counters.sum(2)).isEqualTo(100_000 + 400_000);
        assertThat(counters.threads()).isEqualTo(4);
    }

    @Test
    void aThreadCountsInOneArrayWhateverItCounts() {
        ThreadCounters counters = new ThreadCounters(2);
        assertThat(counters.sum(1)).isZero();
        counters.increment(0);
        counters.increment(1);
        counters.increment(1);
        assertThat(counters.sum(0)).isEqualTo(1);
        assertThat(counters.sum(1)).isEqualTo(2);
        assertThat(counters.threads()).isEqualTo(1);
    }

    @Test
    void aThreadThatEndedLeavesItsArrayAndItsCountsToTheNext() throws InterruptedException {
        ThreadCounters counters = new ThreadCounters(2);
        for (int t = 1; t <= 50; t++) {
            int times = t;
            Thread thread = new Thread(() -> {
                for (int i = 0; i < times; i++) {
                    counters.increment(1);
                }
            });
            thread.start();
            thread.join();
        }
        // 50 threads one after the other, as a worker pool starts and ends them: one array
        assertThat(counters.threads()).isEqualTo(1);
        assertThat(counters.sum(1)).isEqualTo(50 * 51 / 2);

        // a thread still alive keeps its own
        counters.increment(0);
        Thread other = new Thread(() -> counters.increment(0));
        other.start();
        other.join();
        assertThat(counters.threads()).isEqualTo(2);
        assertThat(counters.sum(0)).isEqualTo(2);
    }

    @Test
    void aCounterOutsideTheRangeIsRefused() {
        ThreadCounters counters = new ThreadCounters(2);
        assertThatThrownBy(() -> counters.increment(2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> counters.increment(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> counters.sum(2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new ThreadCounters(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
