package dev.ipfence.rules.outbox;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lets one relay round run at a time without losing a wake: a wake while a round runs is kept,
 * and the round's end then says to run another at once (its read of the outbox may have come
 * before the commit that woke it).
 */
final class RoundGate {

    private static final int IDLE = 0;
    private static final int RUNNING = 1;
    private static final int RUNNING_WOKEN = 2;

    private final AtomicInteger state = new AtomicInteger(IDLE);

    /** A wake: true if the caller is to run a round now; else one is running and another will follow it. */
    boolean wake() {
        while (true) {
            int now = state.get();
            if (now == IDLE && state.compareAndSet(IDLE, RUNNING)) {
                return true;
            }
            if (now == RUNNING_WOKEN || (now == RUNNING && state.compareAndSet(RUNNING, RUNNING_WOKEN))) {
                return false;
            }
        }
    }

    /**
     * The running round ended: true if it was woken meanwhile and the caller is to run another now
     * (the gate stays taken by it); false if the gate is open again.
     */
    boolean finished() {
        while (true) {
            int now = state.get();
            if (now == RUNNING_WOKEN && state.compareAndSet(RUNNING_WOKEN, RUNNING)) {
                return true;
            }
            if (now == RUNNING && state.compareAndSet(RUNNING, IDLE)) {
                return false;
            }
            if (now == IDLE) {
                throw new IllegalStateException("no round is running");
            }
        }
    }

    /** The running round ended and the caller schedules what comes next itself: the gate is open again. */
    void release() {
        state.set(IDLE);
    }
}
