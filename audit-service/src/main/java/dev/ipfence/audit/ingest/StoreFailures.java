package dev.ipfence.audit.ingest;

import io.vertx.pgclient.PgException;
import java.sql.SQLException;

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
                return isDataFault(pg.getSqlState());
            }
            if (e instanceof SQLException sql && sql.getSQLState() != null) {
                return isDataFault(sql.getSQLState());
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
            if (e instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getMessage() + " (SQLSTATE " + sql.getSQLState() + ")";
            }
        }
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }

    private static boolean isDataFault(String sqlState) {
        return sqlState.startsWith("22") || sqlState.startsWith("23");
    }
}
