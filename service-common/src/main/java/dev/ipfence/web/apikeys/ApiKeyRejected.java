package dev.ipfence.web.apikeys;

import io.quarkus.security.AuthenticationFailedException;

/**
 * Why a presented API key does not authenticate: the cause of the {@link
 * AuthenticationFailedException} the key mechanism fails with, and the problem detail of the 401.
 */
public final class ApiKeyRejected extends RuntimeException {

    private ApiKeyRejected(String detail) {
        super(detail, null, false, false);
    }

    /** The failure to authenticate with {@code detail} as the 401's problem detail. */
    public static AuthenticationFailedException failure(String detail) {
        return new AuthenticationFailedException(detail, new ApiKeyRejected(detail));
    }

    /** The rejection somewhere in the causes of {@code e}, or null when it is not about an API key. */
    public static ApiKeyRejected in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ApiKeyRejected rejected) {
                return rejected;
            }
        }
        return null;
    }

    public String detail() {
        return getMessage();
    }
}
