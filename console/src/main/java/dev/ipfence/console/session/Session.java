package dev.ipfence.console.session;

import java.time.Instant;
import java.util.Set;

/** A signed-in user: who, with which roles, and the bearer token the services are called with. */
public record Session(String subject, Set<String> roles, String token, Instant expiresAt) {

    public static final String READ = "ip-access:read";
    public static final String WRITE = "ip-access:write";

    public boolean canWrite() {
        return roles.contains(WRITE);
    }

    public boolean canRead() {
        return roles.contains(READ);
    }
}
