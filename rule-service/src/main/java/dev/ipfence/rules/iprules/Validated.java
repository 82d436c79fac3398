package dev.ipfence.rules.iprules;

import java.time.Instant;

/**
 * A request's value, validated at {@code at}: the instant the change takes effect, so that a ttl
 * counts from the same instant as the rule's {@code createdAt} or {@code updatedAt}.
 */
public record Validated<T>(T value, Instant at) {}
