package dev.ipfence.bench.system;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/** One kind of request of the {@link Soak}: how many, how many failed, and their latencies in microseconds. */
public final class SoakLoad {

    /** No loop sends more than this, whatever the duration. */
    private static final long MAX_REQUESTS_PER_LOOP = 20_000_000;

    final String name;
    final AtomicLong sent = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong denied = new AtomicLong();
    final ConcurrentLinkedQueue<long[]> latencies = new ConcurrentLinkedQueue<>();
    /** The first few errors, as what happened: the answer or the exception. */
    final ConcurrentLinkedQueue<String> firstErrors = new ConcurrentLinkedQueue<>();

    SoakLoad(String name) {
        this.name = name;
    }

    @Override
    public String toString() {
        return name;
    }

    public long sent() {
        return sent.get();
    }

    public long errors() {
        return errors.get();
    }

    public long denied() {
        return denied.get();
    }

    public List<String> firstErrors() {
        return List.copyOf(firstErrors);
    }

    public double p99Millis() {
        long[] all = latencies.stream()
                .flatMapToLong(Arrays::stream)
                .filter(v -> v > 0)
                .sorted()
                .toArray();
        return all.length == 0 ? 0 : all[(int) Math.min(all.length - 1, Math.ceil(all.length * 0.99) - 1)] / 1000.0;
    }

    enum Outcome {
        OK,
        DENIED,
        ERROR
    }

    interface Step {
        Outcome run(HttpClient client, long i) throws Exception;
    }

    /** A thread that runs {@code step} until {@code deadline}, counting into {@code load}; started. */
    static Thread loop(SoakLoad load, long deadline, Step step) {
        Thread thread = new Thread(
                () -> {
                    HttpClient client = HttpClient.newBuilder()
                            .version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(Duration.ofSeconds(2))
                            .build();
                    long[] block = new long[10_000];
                    int used = 0;
                    for (long i = 0; i < MAX_REQUESTS_PER_LOOP && System.nanoTime() < deadline; i++) {
                        long started = System.nanoTime();
                        Outcome outcome;
                        String failure = "unexpected answer";
                        try {
                            outcome = step.run(client, i);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        } catch (Exception e) {
                            outcome = Outcome.ERROR;
                            failure = e.toString();
                        }
                        long micros = (System.nanoTime() - started) / 1000;
                        load.sent.incrementAndGet();
                        if (outcome == Outcome.ERROR) {
                            load.errors.incrementAndGet();
                            if (load.firstErrors.size() < 5) {
                                load.firstErrors.add("request " + i + ": " + failure);
                            }
                        } else if (outcome == Outcome.DENIED) {
                            load.denied.incrementAndGet();
                        }
                        block[used++] = Math.max(1, micros);
                        if (used == block.length) {
                            load.latencies.add(block);
                            block = new long[block.length];
                            used = 0;
                        }
                    }
                    load.latencies.add(Arrays.copyOf(block, used));
                },
                "soak-" + load.name);
        thread.start();
        return thread;
    }
}
