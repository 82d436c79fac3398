package dev.ipfence.web;

/** The roles of the API, read from the token's roles claim ({@code ipfence.auth.roles-claim}) or an API key. */
public final class Roles {

    /** Every GET. */
    public static final String READ = "ip-access:read";

    /** Every change (the seeds' "Manage Security" permission). */
    public static final String WRITE = "ip-access:write";

    private Roles() {}
}
