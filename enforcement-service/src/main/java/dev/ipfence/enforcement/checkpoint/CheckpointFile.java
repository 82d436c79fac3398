package dev.ipfence.enforcement.checkpoint;

import dev.ipfence.enforcement.state.OrganizationShard;
import dev.ipfence.enforcement.state.RuleEvent;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * Reads and writes a {@link Checkpoint} as one file. Layout (big-endian): the magic {@code
 * IPFCKPT}, the format version, the topic name and id, the shard, the time the state was current
 * (epoch milliseconds), the partition count with each partition's next offset, the record count
 * with each record as one length-prefixed frame, and last the CRC-32C of everything before it. A
 * frame holds the record's partition, offset and key, what it is applied to (the rule store, the
 * API key table or both: what kept it, see {@link LatestRecords}), then its kind: a rule (the
 * parsed rule, see {@link RuleChangeCodec}: a start from the checkpoint reads no JSON and parses
 * no address), the deletion of a rule or policy entity as the store applied it (see {@link
 * DeletionCodec}), or a value as on the topic (environments, policies, API keys, refused
 * records); never a tombstone, which leaves nothing of its key. Written to a temporary name,
 * forced to the disk and renamed over the old file: a reader sees the old file or the new one.
 * Anything that does not read back exactly (another version or checksum, a missing or extra byte,
 * a field out of bounds, records out of order, a rule or deletion of another shard's
 * organization) is refused.
 */
public final class CheckpointFile {

    public static final String NAME = "rules.checkpoint";
    /**
     * Raised whenever what a checkpoint must hold changes, not only its layout: a file written by
     * an older version may lack records this one needs (5: the API key table's records of a key
     * beside the rule store's; 6: deletions as the store applied them, see {@link DeletionCodec},
     * an entity of each kind under one id, and what each record is applied to), so it is ignored
     * once and the topic replayed.
     */
    static final int FORMAT_VERSION = 6;

    private static final byte[] MAGIC = "IPFCKPT".getBytes(StandardCharsets.US_ASCII);
    /** As large as a record the broker takes (a key refused for its form is kept quarantined). */
    private static final int MAX_KEY_BYTES = 64 * 1024 * 1024;

    private static final int MAX_VALUE_BYTES = 64 * 1024 * 1024;
    private static final int MAX_PARTITIONS = 100_000;
    private static final int MAX_FRAME_BYTES = MAX_VALUE_BYTES + MAX_KEY_BYTES + 64;
    private static final byte VALUE = 1;
    private static final byte RULE = 2;
    private static final byte DELETION = 3;
    private static final byte TO_STORE = 1;
    private static final byte TO_KEYS = 2;
    private static final byte TO_BOTH = 3;

    private CheckpointFile() {}

    /** Writes {@code checkpoint} to {@code dir}/{@value #NAME}, replacing the file there at once. */
    public static Path write(Path dir, Checkpoint checkpoint) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(NAME);
        Path temp = Files.createTempFile(dir, NAME, ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                write(Channels.newOutputStream(channel), checkpoint);
                // on the disk before the rename: after a crash the name holds a whole file or the old one
                channel.force(true);
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
        out.writeUTF(checkpoint.topicId());
        out.writeUTF(checkpoint.shard());
        out.writeLong(checkpoint.currentAt().toEpochMilli());
        out.writeInt(checkpoint.nextOffsets().size());
        for (Map.Entry<Integer, Long> offset : checkpoint.nextOffsets().entrySet()) {
            out.writeInt(offset.getKey());
            out.writeLong(offset.getValue());
        }
        out.writeInt(checkpoint.records().size());
        ByteArrayOutputStream frameBytes = new ByteArrayOutputStream(256);
        DataOutputStream frame = new DataOutputStream(frameBytes);
        for (CheckpointRecord record : checkpoint.records()) {
            frameBytes.reset();
            writeFrame(record, frame);
            out.writeInt(frameBytes.size());
            frameBytes.writeTo(out);
        }
        out.flush();
        // the checksum itself is outside what it covers
        new DataOutputStream(target).writeLong(crc.getValue());
        target.flush();
    }

    private static void writeFrame(CheckpointRecord record, DataOutputStream frame) throws IOException {
        frame.writeInt(record.partition());
        frame.writeLong(record.offset());
        byte[] key = record.key().getBytes(StandardCharsets.UTF_8);
        frame.writeInt(key.length);
        frame.write(key);
        frame.writeByte(
                switch (record.appliedTo()) {
                    case STORE -> TO_STORE;
                    case KEYS -> TO_KEYS;
                    case BOTH -> TO_BOTH;
                });
        if (record.parsed() instanceof RuleEvent.RuleChange change && change.rule() != null) {
            frame.writeByte(RULE);
            RuleChangeCodec.write(change, frame);
        } else if (record.parsed() != null) {
            frame.writeByte(DELETION);
            DeletionCodec.write(record.parsed(), frame);
        } else if (record.value() != null) {
            frame.writeByte(VALUE);
            frame.write(record.value());
        } else {
            // a tombstone ends everything of its key: nothing of it is left to hold
            throw new IllegalArgumentException("a checkpoint holds no tombstone (key " + record.key() + ")");
        }
    }

    /**
     * Deletes the temporary files of writes that never finished (the process ended during one):
     * each is a whole checkpoint's size. Only while no write runs (at start). Returns how many.
     */
    public static int deleteUnfinished(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int deleted = 0;
        try (var temps = Files.newDirectoryStream(dir, NAME + "*.tmp")) {
            for (Path temp : temps) {
                Files.deleteIfExists(temp);
                deleted++;
            }
        }
        return deleted;
    }

    /** The checkpoint in {@code dir}, or null when there is none. */
    public static Checkpoint read(Path dir) throws CheckpointException {
        Path file = dir.resolve(NAME);
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        } catch (NoSuchFileException e) {
            return null;
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
            String topicId = in.readUTF();
            String shard = in.readUTF();
            Instant currentAt = Instant.ofEpochMilli(in.readLong());
            int partitions = bounded(in.readInt(), MAX_PARTITIONS, "partition count");
            Map<Integer, Long> offsets = new LinkedHashMap<>();
            for (int i = 0; i < partitions; i++) {
                int partition = in.readInt();
                long offset = in.readLong();
                if (offset < 0 || offsets.put(partition, offset) != null) {
                    throw new CheckpointException("partition " + partition + " offset " + offset + " is invalid");
                }
            }
            OrganizationShard owner = shard(shard);
            int count = bounded(in.readInt(), Integer.MAX_VALUE - 8, "record count");
            List<CheckpointRecord> records = new ArrayList<>(Math.min(count, 1 << 20));
            RuleChangeCodec rules = new RuleChangeCodec();
            byte[] frame = new byte[4096];
            for (int i = 0; i < count; i++) {
                int length = bounded(in.readInt(), MAX_FRAME_BYTES, "frame length");
                if (length > frame.length) {
                    frame = new byte[Math.max(length, frame.length * 2)];
                }
                in.readFully(frame, 0, length);
                CheckpointRecord record = readFrame(ByteBuffer.wrap(frame, 0, length), i, offsets, rules, owner);
                if (!records.isEmpty() && !follows(record, records.get(records.size() - 1))) {
                    throw new CheckpointException("record " + i + " at partition " + record.partition() + " offset "
                            + record.offset() + " does not follow the record before it");
                }
                records.add(record);
            }
            long computed = crc.getValue();
            long stored = new DataInputStream(buffered).readLong();
            if (stored != computed) {
                throw new CheckpointException("checksum mismatch: the file is corrupt");
            }
            if (buffered.read() != -1) {
                throw new CheckpointException("bytes after the checksum: the file is corrupt");
            }
            return new Checkpoint(topic, topicId, shard, currentAt, offsets, records);
        } catch (EOFException e) {
            throw new CheckpointException("the file ends early: it is truncated", e);
        } catch (IOException e) {
            throw new CheckpointException("the file is corrupt: " + e, e);
        }
    }

    /** Whether {@code record} comes after {@code before} in the order records are written. */
    private static boolean follows(CheckpointRecord record, CheckpointRecord before) {
        return record.partition() > before.partition()
                || record.partition() == before.partition() && record.offset() > before.offset();
    }

    /** The shard a header names, as {@link OrganizationShard#toString()} writes it. */
    private static OrganizationShard shard(String text) throws CheckpointException {
        int slash = text.indexOf('/');
        try {
            return new OrganizationShard(
                    Integer.parseInt(text.substring(0, slash)), Integer.parseInt(text.substring(slash + 1)));
        } catch (RuntimeException e) {
            throw new CheckpointException("shard " + text + " is invalid", e);
        }
    }

    /**
     * {@code event}, held parsed, unless it names an organization of another shard than {@code
     * owner}: the store applies no such record as a rule or deletion, so the file is not one this
     * service wrote.
     */
    private static <T extends RuleEvent> T ofShard(T event, OrganizationShard owner, int index)
            throws CheckpointException {
        UUID orgId = event instanceof RuleEvent.RuleChange change
                ? change.orgId()
                : ((RuleEvent.PolicyEntityChange) event).orgId();
        if (orgId != null && !owner.serves(orgId)) {
            throw new CheckpointException(
                    "record " + index + " names organization " + orgId + " of another shard than " + owner);
        }
        return event;
    }

    private static CheckpointRecord readFrame(
            ByteBuffer frame, int index, Map<Integer, Long> offsets, RuleChangeCodec rules, OrganizationShard owner)
            throws CheckpointException {
        try {
            int partition = frame.getInt();
            long offset = frame.getLong();
            Long next = offsets.get(partition);
            if (next == null || offset < 0 || offset >= next) {
                throw new CheckpointException("record " + index + " at partition " + partition + " offset " + offset
                        + " is outside the checkpoint");
            }
            int keyLength = bounded(frame.getInt(), Math.min(MAX_KEY_BYTES, frame.remaining()), "key length");
            String key = new String(frame.array(), frame.position(), keyLength, StandardCharsets.UTF_8);
            frame.position(frame.position() + keyLength);
            byte to = frame.get();
            CheckpointRecord.AppliedTo appliedTo = switch (to) {
                case TO_STORE -> CheckpointRecord.AppliedTo.STORE;
                case TO_KEYS -> CheckpointRecord.AppliedTo.KEYS;
                case TO_BOTH -> CheckpointRecord.AppliedTo.BOTH;
                default -> throw new CheckpointException("record " + index + " is applied to unknown " + to);
            };
            byte kind = frame.get();
            return switch (kind) {
                case RULE -> {
                    RuleEvent.RuleChange change = ofShard(rules.read(frame), owner, index);
                    if (!key.equals(change.id().toString())) {
                        throw new CheckpointException(
                                "record " + index + " holds rule " + change.id() + " under key " + key);
                    }
                    yield new CheckpointRecord(partition, offset, key, null, change, appliedTo);
                }
                case DELETION -> {
                    RuleEvent deletion = ofShard(DeletionCodec.read(frame), owner, index);
                    if (!key.equals(deletion.key())) {
                        throw new CheckpointException(
                                "record " + index + " holds the deletion of " + deletion.key() + " under key " + key);
                    }
                    yield new CheckpointRecord(partition, offset, key, null, deletion, appliedTo);
                }
                case VALUE -> {
                    byte[] value = new byte[frame.remaining()];
                    frame.get(value);
                    yield new CheckpointRecord(partition, offset, key, value, null, appliedTo);
                }
                default -> throw new CheckpointException("record " + index + " is of unknown kind " + kind);
            };
        } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new CheckpointException("record " + index + " is cut short or invalid: " + e, e);
        }
    }

    private static int bounded(int value, int max, String what) throws CheckpointException {
        if (value < 0 || value > max) {
            throw new CheckpointException(what + " " + value + " is out of bounds (0-" + max + ")");
        }
        return value;
    }
}
