package dev.ipfence.web;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.Set;

/**
 * Whether a failure means a backing server (PostgreSQL) cannot be reached right now, rather than a
 * defect: then a client gets 503 with {@code Retry-After}, not 500. Read from the exception chain
 * by type and SQLSTATE, without depending on a database client here.
 */
final class BackendUnavailable {

    /** Failures of the reactive SQL client that mean the connection is gone. */
    private static final Set<String> CLOSED_CONNECTION = Set.of("io.vertx.sqlclient.ClosedConnectionException");

    /** SQLSTATE classes and codes of a server that is going away or not reachable (PostgreSQL appendix A). */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03");

    private BackendUnavailable() {}

    static boolean is(Throwable failure) {
        Throwable e = failure;
        for (int depth = 0; e != null && depth < 10; depth++, e = e.getCause()) {
            if (e instanceof ConnectException
                    || e instanceof ClosedChannelException
                    || CLOSED_CONNECTION.contains(e.getClass().getName())) {
                return true;
            }
            String state = sqlState(e);
            if (state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state))) {
                return true;
            }
        }
        return false;
    }

    private static String sqlState(Throwable e) {
        try {
            Object state = e.getClass().getMethod("getSqlState").invoke(e);
            return state instanceof String text ? text : null;
        } catch (ReflectiveOperationException | RuntimeException notAnSqlFailure) {
            return null;
        }
    }
}
