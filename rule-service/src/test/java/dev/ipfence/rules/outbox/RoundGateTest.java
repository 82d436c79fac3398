package dev.ipfence.rules.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RoundGateTest {

    @Test
    void theFirstWakeRunsARoundAndTheNextOnlyMarksIt() {
        RoundGate gate = new RoundGate();
        assertThat(gate.wake()).isTrue();
        assertThat(gate.wake()).isFalse();
        assertThat(gate.wake()).isFalse();
    }

    @Test
    void aWakeDuringARoundRunsOneMoreRoundAfterIt() {
        RoundGate gate = new RoundGate();
        gate.wake();
        gate.wake();
        gate.wake();
        assertThat(gate.finished()).as("woken while running").isTrue();
        assertThat(gate.wake()).as("the next round runs").isFalse();
        assertThat(gate.finished()).isTrue();
        assertThat(gate.finished()).as("nothing woke the last one").isFalse();
        assertThat(gate.wake()).as("open again").isTrue();
    }

    @Test
    void aRoundWithoutWakesOpensTheGate() {
        RoundGate gate = new RoundGate();
        gate.wake();
        assertThat(gate.finished()).isFalse();
        assertThatThrownBy(gate::finished).isInstanceOf(IllegalStateException.class);
        assertThat(gate.wake()).isTrue();
    }

    @Test
    void releaseOpensTheGateAndForgetsTheWakes() {
        RoundGate gate = new RoundGate();
        gate.wake();
        gate.wake();
        gate.release();
        assertThat(gate.wake()).isTrue();
        assertThat(gate.finished()).isFalse();
    }

    /**
     * Wakes from many threads while rounds end on another: after the last wake, a round always
     * runs that started after it, and never two at once.
     */
    @Test
    void noWakeIsLostWhileRoundsEndConcurrently() throws Exception {
        RoundGate gate = new RoundGate();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger wakesSeen = new AtomicInteger();
        AtomicInteger wakes = new AtomicInteger();
        AtomicInteger scheduled = new AtomicInteger();
        ExecutorService rounds = Executors.newSingleThreadExecutor();
        Runnable[] round = new Runnable[1];
        round[0] = () -> {
            if (running.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            wakesSeen.set(wakes.get());
            running.decrementAndGet();
            if (gate.finished()) {
                scheduled.incrementAndGet();
                rounds.execute(round[0]);
            }
            scheduled.decrementAndGet();
        };
        int threads = 4;
        CountDownLatch done = new CountDownLatch(threads);
        ExecutorService wakers = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            wakers.execute(() -> {
                for (int i = 0; i < 20_000; i++) {
                    wakes.incrementAndGet();
                    if (gate.wake()) {
                        scheduled.incrementAndGet();
                        rounds.execute(round[0]);
                    }
                }
                done.countDown();
            });
        }
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((wakesSeen.get() != threads * 20_000 || scheduled.get() != 0) && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        wakers.shutdown();
        rounds.shutdown();
        assertThat(rounds.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(wakesSeen.get()).as("a round ran after the last wake").isEqualTo(threads * 20_000);
        assertThat(overlaps.get()).isZero();
        assertThat(gate.wake()).as("the gate is open at the end").isTrue();
    }
}
