package dev.ipfence.audit.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipfence.testing.DevServersProcess;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/** Generated rows of every type the encoder knows, copied into the real PostgreSQL and read back as text. */
class PgBinaryCopyTest {

    private static final String TABLE = "create temporary table copied (n integer not null, id uuid, note text,"
            + " at timestamptz, big bigint, small smallint, address inet)";
    private static final String COPY = "copy copied (n, id, note, at, big, small, address) from stdin (format binary)";
    private static final String[] ALPHABET = {"a", "Z", "0", " ", "é", "ß", "日本", "🙂", "'", "\"", "\\", ",", "\n", "{}"
    };

    private final Random random = new Random(20261202);
    private Connection connection;

    @BeforeEach
    void connect() throws SQLException {
        DevServersProcess servers = DevServersProcess.shared();
        connection = DriverManager.getConnection(
                servers.jdbcUrl("postgres"), servers.postgresUsername(), servers.postgresPassword());
        try (Statement create = connection.createStatement()) {
            create.execute(TABLE);
        }
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    record Row(int n, UUID id, String note, Instant at, long big, short small, byte[] address, int bits) {}

    @Test
    void generatedRowsComeBackAsWritten() throws Exception {
        List<Row> rows = new ArrayList<>();
        for (int n = 0; n < 2_000; n++) {
            rows.add(generated(n));
        }
        PgBinaryCopy copy = new PgBinaryCopy(16);
        for (Row row : rows) {
            copy.row(7)
                    .int4(row.n())
                    .uuid(row.id())
                    .text(row.note())
                    .timestamptz(row.at())
                    .int8(row.big())
                    .int2(row.small())
                    .inet(row.address(), row.bits());
        }
        assertThat(copyIn(copy.finish())).isEqualTo(rows.size());

        try (Statement select = connection.createStatement();
                ResultSet stored = select.executeQuery(
                        "select n, id, note, at, big, small, host(address), masklen(address), family(address)"
                                + " from copied order by n")) {
            for (Row row : rows) {
                assertThat(stored.next()).isTrue();
                assertThat(stored.getInt(1)).isEqualTo(row.n());
                assertThat(stored.getObject(2, UUID.class)).isEqualTo(row.id());
                assertThat(stored.getString(3)).isEqualTo(row.note());
                OffsetDateTime at = stored.getObject(4, OffsetDateTime.class);
                assertThat(at == null ? null : at.toInstant()).isEqualTo(row.at());
                assertThat(stored.getLong(5)).isEqualTo(row.big());
                assertThat(stored.getShort(6)).isEqualTo(row.small());
                if (row.address() == null) {
                    assertThat(stored.getString(7)).isNull();
                } else {
                    assertThat(InetAddress.getByName(stored.getString(7)))
                            .isEqualTo(InetAddress.getByAddress(row.address()));
                    assertThat(stored.getInt(8)).isEqualTo(row.bits());
                    assertThat(stored.getInt(9)).isEqualTo(row.address().length == 4 ? 4 : 6);
                }
            }
            assertThat(stored.next()).isFalse();
        }
    }

    @Test
    void theEdgesOfEachTypeComeBackAsWritten() throws Exception {
        Instant[] instants = {
            Instant.EPOCH,
            Instant.parse("2000-01-01T00:00:00Z"),
            Instant.parse("1999-12-31T23:59:59.999999Z"),
            Instant.parse("9999-12-31T23:59:59.999999Z")
        };
        PgBinaryCopy copy = new PgBinaryCopy(0);
        for (int n = 0; n < instants.length; n++) {
            copy.row(7)
                    .int4(n)
                    .uuid(new UUID(Long.MIN_VALUE, -1))
                    .text("")
                    .timestamptz(instants[n])
                    .int8(n % 2 == 0 ? Long.MIN_VALUE : Long.MAX_VALUE)
                    .int2(n % 2 == 0 ? Short.MIN_VALUE : Short.MAX_VALUE)
                    .inet(new byte[] {(byte) 255, 0, 0, 1}, 0);
        }
        copyIn(copy.finish());
        try (Statement select = connection.createStatement();
                ResultSet stored = select.executeQuery(
                        "select id::text, note, at, big, small, address::text from copied order by n")) {
            for (int n = 0; n < instants.length; n++) {
                assertThat(stored.next()).isTrue();
                assertThat(stored.getString(1)).isEqualTo("80000000-0000-0000-ffff-ffffffffffff");
                assertThat(stored.getString(2)).isEmpty();
                assertThat(stored.getObject(3, OffsetDateTime.class).toInstant())
                        .isEqualTo(instants[n]);
                assertThat(stored.getLong(4)).isEqualTo(n % 2 == 0 ? Long.MIN_VALUE : Long.MAX_VALUE);
                assertThat(stored.getShort(5)).isEqualTo(n % 2 == 0 ? Short.MIN_VALUE : Short.MAX_VALUE);
                assertThat(stored.getString(6)).isEqualTo("255.0.0.1/0");
            }
        }
    }

    @Test
    void digitsFinerThanAMicrosecondAreCut() throws Exception {
        copyIn(new PgBinaryCopy(0)
                .row(7)
                .int4(1)
                .nullValue()
                .nullValue()
                .timestamptz(Instant.parse("2026-12-02T06:00:00.123456789Z"))
                .int8(0)
                .int2((short) 0)
                .nullValue()
                .finish());
        try (Statement select = connection.createStatement();
                ResultSet stored = select.executeQuery("select at from copied")) {
            assertThat(stored.next()).isTrue();
            assertThat(stored.getObject(1, OffsetDateTime.class).toInstant())
                    .isEqualTo(Instant.parse("2026-12-02T06:00:00.123456Z"));
        }
    }

    @Test
    void postgresRefusesANulInTextAsADataError() {
        byte[] data = new PgBinaryCopy(0)
                .row(7)
                .int4(1)
                .nullValue()
                .text("a\0b")
                .nullValue()
                .int8(0)
                .int2((short) 0)
                .nullValue()
                .finish();
        assertThatThrownBy(() -> copyIn(data))
                .isInstanceOfSatisfying(
                        SQLException.class,
                        e -> assertThat(StoreFailures.isPermanent(e))
                                .as(e.getSQLState())
                                .isTrue());
    }

    @Test
    void anAddressOfAnotherLengthOrAMaskTooLongIsRefusedBeforeItIsWritten() {
        PgBinaryCopy copy = new PgBinaryCopy(0).row(1);
        assertThatThrownBy(() -> copy.inet(new byte[5], 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> copy.inet(new byte[4], 33)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> copy.inet(new byte[16], 129)).isInstanceOf(IllegalArgumentException.class);
    }

    private long copyIn(byte[] data) throws Exception {
        return connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY, new ByteArrayInputStream(data));
    }

    private Row generated(int n) {
        boolean nulls = random.nextInt(10) == 0;
        byte[] address = null;
        int bits = 0;
        if (!nulls) {
            address = new byte[random.nextBoolean() ? 4 : 16];
            random.nextBytes(address);
            bits = random.nextInt(address.length * 8 + 1);
        }
        StringBuilder note = new StringBuilder();
        for (int i = random.nextInt(40); i > 0; i--) {
            note.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        long seconds = random.nextLong(253_402_300_799L); // 1970 to the end of 9999
        Instant at = Instant.ofEpochSecond(seconds, random.nextInt(1_000_000) * 1_000L);
        return new Row(
                n,
                nulls ? null : UUID.randomUUID(),
                nulls ? null : note.toString(),
                nulls ? null : at,
                random.nextLong(),
                (short) random.nextInt(),
                address,
                bits);
    }
}
