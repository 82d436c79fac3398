package dev.ipfence.audit.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * Encodes rows in PostgreSQL's binary {@code COPY} format ({@code COPY ... FROM STDIN (FORMAT
 * binary)}) into memory: a header, per row its field count and each field as its length and its
 * bytes in the type's binary wire format, then a trailer ({@link #finish}). Only the types the audit
 * tables use. Each row must write exactly the fields it announced, in the order of the
 * {@code COPY} column list; PostgreSQL checks both.
 */
public final class PgBinaryCopy {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    /** PostgreSQL's epoch for timestamps, 2000-01-01T00:00:00Z, in seconds since 1970. */
    private static final long PG_EPOCH_SECONDS = 946_684_800L;

    private static final int PGSQL_AF_INET = 2;
    private static final int PGSQL_AF_INET6 = 3;
    private static final int NULL_LENGTH = -1;

    private byte[] bytes;
    private int size;

    public PgBinaryCopy(int initialCapacity) {
        bytes = new byte[Math.max(64, initialCapacity)];
        write(SIGNATURE);
        writeInt(0); // flags: no OIDs
        writeInt(0); // header extension length
    }

    public PgBinaryCopy row(int fields) {
        writeShort(fields);
        return this;
    }

    public PgBinaryCopy nullValue() {
        writeInt(NULL_LENGTH);
        return this;
    }

    public PgBinaryCopy uuid(UUID value) {
        if (value == null) {
            return nullValue();
        }
        writeInt(16);
        writeLong(value.getMostSignificantBits());
        writeLong(value.getLeastSignificantBits());
        return this;
    }

    /** UTF-8. PostgreSQL refuses a NUL character in text (SQLSTATE 22021) as in any other form. */
    public PgBinaryCopy text(String value) {
        if (value == null) {
            return nullValue();
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        writeInt(utf8.length);
        write(utf8);
        return this;
    }

    /** Microseconds since 2000-01-01 UTC; finer digits are cut (as the reactive client's binary encoding does). */
    public PgBinaryCopy timestamptz(Instant value) {
        if (value == null) {
            return nullValue();
        }
        long micros = Math.addExact(
                Math.multiplyExact(value.getEpochSecond() - PG_EPOCH_SECONDS, 1_000_000L), value.getNano() / 1_000);
        writeInt(8);
        writeLong(micros);
        return this;
    }

    public PgBinaryCopy int8(long value) {
        writeInt(8);
        writeLong(value);
        return this;
    }

    public PgBinaryCopy int4(int value) {
        writeInt(4);
        writeInt(value);
        return this;
    }

    public PgBinaryCopy int2(short value) {
        writeInt(2);
        writeShort(value);
        return this;
    }

    /** An {@code inet}: 4 or 16 address bytes in network order, and the netmask length. */
    public PgBinaryCopy inet(byte[] address, int bits) {
        if (address == null) {
            return nullValue();
        }
        if (address.length != 4 && address.length != 16) {
            throw new IllegalArgumentException("an inet address has 4 or 16 bytes, not " + address.length);
        }
        if (bits < 0 || bits > address.length * 8) {
            throw new IllegalArgumentException(
                    "netmask length " + bits + " is out of range for " + address.length + " address bytes");
        }
        writeInt(4 + address.length);
        ensure(4);
        bytes[size++] = (byte) (address.length == 4 ? PGSQL_AF_INET : PGSQL_AF_INET6);
        bytes[size++] = (byte) bits;
        bytes[size++] = 0; // is_cidr: an inet value
        bytes[size++] = (byte) address.length;
        write(address);
        return this;
    }

    /** Ends the data with the trailer; returns every byte written. */
    public byte[] finish() {
        writeShort(-1);
        return Arrays.copyOf(bytes, size);
    }

    private void write(byte[] data) {
        ensure(data.length);
        System.arraycopy(data, 0, bytes, size, data.length);
        size += data.length;
    }

    private void writeShort(int value) {
        ensure(2);
        bytes[size++] = (byte) (value >>> 8);
        bytes[size++] = (byte) value;
    }

    private void writeInt(int value) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (value >>> shift);
        }
    }

    private void writeLong(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (value >>> shift);
        }
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
