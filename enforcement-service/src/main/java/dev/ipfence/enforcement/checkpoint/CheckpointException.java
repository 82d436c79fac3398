package dev.ipfence.enforcement.checkpoint;

/** A checkpoint that cannot be used (corrupt, truncated, another format or another topic); the reason says which. */
public class CheckpointException extends Exception {

    public CheckpointException(String reason) {
        super(reason);
    }

    public CheckpointException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
