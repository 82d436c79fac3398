package dev.ipfence.web;

/** The roles of the API, read from the token's {@code groups} claim. */
public final class Roles {

    /** Every GET. */
    public static final String READ = "ip-access:read";

    /** Every change (the seeds' "Manage Security" permission). */
    public static final String WRITE = "ip-access:write";

    private Roles() {}
}
