package dev.ipfence.core.policy;

import java.util.List;
import java.util.Objects;

/**
 * The resource a request with an identity is for: its id and {@code type}, one of {@link #TYPES}
 * ({@code PRIVATE} when the request leaves it out).
 */
public record ResourceRef(String id, String type) {

    /** The resource types of policies and requests. */
    public static final List<String> TYPES = List.of("PRIVATE", "SAAS", "INTERNET", "SITETOSITE");

    public static final String DEFAULT_TYPE = "PRIVATE";

    public static final ResourceRef NONE = new ResourceRef("", DEFAULT_TYPE);

    public ResourceRef {
        id = Objects.requireNonNullElse(id, "");
        type = Objects.requireNonNullElse(type, DEFAULT_TYPE);
    }
}
