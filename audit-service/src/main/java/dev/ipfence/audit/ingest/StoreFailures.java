package dev.ipfence.audit.ingest;

import io.vertx.pgclient.PgException;

/**
 * Which failures of a store are the data's fault. PostgreSQL says so by the class of its SQLSTATE:
 * {@code 22} (data exception: a value out of range, text it cannot hold) and {@code 23} (integrity
 * constraint violation) come back every time the same rows are written, so the batch is split
 * until the row at fault is found and dead-lettered. Everything else (no connection, a timeout, a
 * deadlock, a full disk, a missing table during a migration) can pass, so it is retried.
 */
public final class StoreFailures {

    private StoreFailures() {}

    public static boolean isPermanent(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof PgException pg) {
                String state = pg.getSqlState();
                return state != null && (state.startsWith("22") || state.startsWith("23"));
            }
        }
        return false;
    }

    public static boolean isTransient(Throwable failure) {
        return !isPermanent(failure);
    }

    /** One line for logs and the dead-letter header: the message, with PostgreSQL's code when there is one. */
    public static String describe(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof PgException pg) {
                return pg.getErrorMessage() + " (SQLSTATE " + pg.getSqlState() + ")";
            }
        }
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }
}
