package dev.ipfence.audit.ingest;

/** What a reader made of one record: a value to store, a reason it can never be stored, or nothing to do. */
public sealed interface Read<T> {

    record Ok<T>(T value) implements Read<T> {}

    /** The record breaks the event contract; {@code reason} goes with it to the dead-letter topic. */
    record Rejected<T>(String reason) implements Read<T> {}

    /** Nothing to store and nothing wrong (a tombstone). */
    record Skipped<T>() implements Read<T> {}

    static <T> Read<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Read<T> rejected(String reason) {
        return new Rejected<>(reason);
    }

    static <T> Read<T> skipped() {
        return new Skipped<>();
    }
}
