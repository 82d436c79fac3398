package dev.ipfence.audit.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.pgclient.PgException;
import java.io.IOException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class StoreFailuresTest {

    @Test
    void dataAndIntegrityErrorsArePermanentEverythingElseMayPass() {
        assertThat(StoreFailures.isPermanent(pg("22P02", "invalid input syntax for type uuid")))
                .isTrue();
        assertThat(StoreFailures.isPermanent(pg("22P05", "unsupported Unicode escape sequence")))
                .isTrue();
        assertThat(StoreFailures.isPermanent(pg("22003", "bigint out of range")))
                .isTrue();
        assertThat(StoreFailures.isPermanent(pg("23502", "null value violates not-null constraint")))
                .isTrue();
        assertThat(StoreFailures.isPermanent(new CompletionException(pg("23505", "duplicate key"))))
                .isTrue();

        assertThat(StoreFailures.isTransient(pg("08006", "connection failure"))).isTrue();
        assertThat(StoreFailures.isTransient(pg("40P01", "deadlock detected"))).isTrue();
        assertThat(StoreFailures.isTransient(pg("53100", "disk full"))).isTrue();
        assertThat(StoreFailures.isTransient(pg("57P01", "terminating connection due to administrator command")))
                .isTrue();
        assertThat(StoreFailures.isTransient(pg("42P01", "relation \"blocked_attempt\" does not exist")))
                .isTrue();
        assertThat(StoreFailures.isTransient(new IOException("Connection refused")))
                .isTrue();
        assertThat(StoreFailures.isTransient(new IllegalStateException("Timeout")))
                .isTrue();
    }

    @Test
    void aFailureIsDescribedWithPostgresCode() {
        assertThat(StoreFailures.describe(new CompletionException(pg("22P05", "unsupported Unicode escape sequence"))))
                .isEqualTo("unsupported Unicode escape sequence (SQLSTATE 22P05)");
        assertThat(StoreFailures.describe(new IOException("Connection refused")))
                .isEqualTo("Connection refused");
    }

    @Test
    void jdbcFailuresAreJudgedByTheirSqlStateAsWell() {
        assertThat(StoreFailures.isPermanent(
                        new IllegalStateException(new SQLException("invalid byte sequence for encoding", "22021"))))
                .isTrue();
        assertThat(StoreFailures.isPermanent(new SQLException("duplicate key", "23505")))
                .isTrue();
        assertThat(StoreFailures.isTransient(new SQLException("connection attempt failed", "08001")))
                .isTrue();
        assertThat(StoreFailures.isTransient(new SQLException("deadlock detected", "40P01")))
                .isTrue();
        assertThat(StoreFailures.isTransient(new SQLException("no state"))).isTrue();
        assertThat(StoreFailures.describe(new IllegalStateException(new SQLException("disk full", "53100"))))
                .isEqualTo("disk full (SQLSTATE 53100)");
    }

    private static PgException pg(String state, String message) {
        return new PgException(message, "ERROR", state, null);
    }
}
