package dev.ipfence.enforcement.checkpoint;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * Reads and writes a {@link Checkpoint} as one file. Layout (big-endian): the magic {@code
 * IPFCKPT}, the format version, the topic name, the shard, the partition count with each partition's next
 * offset, the record count with each record (partition, offset, key, value length or -1, value),
 * and last the CRC-32C of everything before it. A file is written to a temporary name and renamed
 * over the old one, so a reader sees the old file or the new one, never half of one. Anything that
 * does not read back exactly (another version, a wrong checksum, a missing or extra byte, a length
 * out of bounds) is a {@link CheckpointException}.
 */
public final class CheckpointFile {

    public static final String NAME = "rules.checkpoint";
    static final int FORMAT_VERSION = 2;
    private static final byte[] MAGIC = "IPFCKPT".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_KEY_BYTES = 1024;
    private static final int MAX_VALUE_BYTES = 64 * 1024 * 1024;
    private static final int MAX_PARTITIONS = 100_000;

    private CheckpointFile() {}

    /** Writes {@code checkpoint} to {@code dir}/{@value #NAME}, replacing the file there at once. */
    public static Path write(Path dir, Checkpoint checkpoint) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(NAME);
        Path temp = Files.createTempFile(dir, NAME, ".tmp");
        try {
            try (OutputStream file = Files.newOutputStream(temp)) {
                write(file, checkpoint);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    static void write(OutputStream target, Checkpoint checkpoint) throws IOException {
        CRC32C crc = new CRC32C();
        DataOutputStream out =
                new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(target, 1 << 16), crc));
        out.write(MAGIC);
        out.writeInt(FORMAT_VERSION);
        out.writeUTF(checkpoint.topic());
        out.writeUTF(checkpoint.shard());
        out.writeInt(checkpoint.nextOffsets().size());
        for (Map.Entry<Integer, Long> offset : checkpoint.nextOffsets().entrySet()) {
            out.writeInt(offset.getKey());
            out.writeLong(offset.getValue());
        }
        out.writeInt(checkpoint.records().size());
        for (CheckpointRecord record : checkpoint.records()) {
            out.writeInt(record.partition());
            out.writeLong(record.offset());
            byte[] key = record.key().getBytes(StandardCharsets.UTF_8);
            out.writeShort(key.length);
            out.write(key);
            if (record.value() == null) {
                out.writeInt(-1);
            } else {
                out.writeInt(record.value().length);
                out.write(record.value());
            }
        }
        out.flush();
        // the checksum itself is outside what it covers
        new DataOutputStream(target).writeLong(crc.getValue());
        target.flush();
    }

    /** When the checkpoint in {@code dir} was written (its file's modification time), or null when there is none. */
    public static java.time.Instant writtenAt(Path dir) throws CheckpointException {
        Path file = dir.resolve(NAME);
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + file + ": " + e, e);
        }
    }

    /** The checkpoint in {@code dir}, or null when there is none. */
    public static Checkpoint read(Path dir) throws CheckpointException {
        Path file = dir.resolve(NAME);
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + file + ": " + e, e);
        }
        try (in) {
            return read(in);
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + file + ": " + e, e);
        }
    }

    static Checkpoint read(InputStream source) throws CheckpointException {
        CRC32C crc = new CRC32C();
        BufferedInputStream buffered = new BufferedInputStream(source, 1 << 16);
        DataInputStream in = new DataInputStream(new CheckedInputStream(buffered, crc));
        try {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new CheckpointException("not a rules checkpoint (wrong magic bytes)");
            }
            int version = in.readInt();
            if (version != FORMAT_VERSION) {
                throw new CheckpointException(
                        "checkpoint format version " + version + ", this version reads " + FORMAT_VERSION);
            }
            String topic = in.readUTF();
            String shard = in.readUTF();
            int partitions = bounded(in.readInt(), MAX_PARTITIONS, "partition count");
            Map<Integer, Long> offsets = new LinkedHashMap<>();
            for (int i = 0; i < partitions; i++) {
                int partition = in.readInt();
                long offset = in.readLong();
                if (offset < 0 || offsets.put(partition, offset) != null) {
                    throw new CheckpointException("partition " + partition + " offset " + offset + " is invalid");
                }
            }
            int count = bounded(in.readInt(), Integer.MAX_VALUE - 8, "record count");
            List<CheckpointRecord> records = new ArrayList<>(Math.min(count, 1 << 20));
            for (int i = 0; i < count; i++) {
                int partition = in.readInt();
                long offset = in.readLong();
                Long next = offsets.get(partition);
                if (next == null || offset < 0 || offset >= next) {
                    throw new CheckpointException("record " + i + " at partition " + partition + " offset " + offset
                            + " is outside the checkpoint");
                }
                byte[] key = new byte[bounded(in.readUnsignedShort(), MAX_KEY_BYTES, "key length")];
                in.readFully(key);
                int length = in.readInt();
                byte[] value = null;
                if (length != -1) {
                    value = new byte[bounded(length, MAX_VALUE_BYTES, "value length")];
                    in.readFully(value);
                }
                records.add(new CheckpointRecord(partition, offset, new String(key, StandardCharsets.UTF_8), value));
            }
            long computed = crc.getValue();
            long stored = new DataInputStream(buffered).readLong();
            if (stored != computed) {
                throw new CheckpointException("checksum mismatch: the file is corrupt");
            }
            if (buffered.read() != -1) {
                throw new CheckpointException("bytes after the checksum: the file is corrupt");
            }
            return new Checkpoint(topic, shard, offsets, records);
        } catch (EOFException e) {
            throw new CheckpointException("the file ends early: it is truncated", e);
        } catch (IOException e) {
            throw new CheckpointException("the file is corrupt: " + e, e);
        }
    }

    private static int bounded(int value, int max, String what) throws CheckpointException {
        if (value < 0 || value > max) {
            throw new CheckpointException(what + " " + value + " is out of bounds (0-" + max + ")");
        }
        return value;
    }
}
