package dev.ipfence.web.provider;

import dev.ipfence.web.Problem;
import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Whether a bearer token could not be verified because the identity provider cannot be reached (its
 * discovery document or signing keys are not available), rather than because the token is bad.
 * Then the answer is 503 with {@code Retry-After}: the token may well be valid, and a 401 would
 * make clients throw it away. Nothing here ever lets a request through.
 */
public final class ProviderUnavailable {

    private static final Logger LOG = Logger.getLogger(ProviderUnavailable.class);

    /** quarkus-oidc's failures to reach the provider (discovery, keys), by class name. */
    static final Set<String> PROVIDER_FAILURES =
            Set.of("io.quarkus.oidc.OIDCException", "io.quarkus.oidc.common.runtime.OidcEndpointAccessException");

    /** Failures of a connection, not of a token. */
    static final Set<String> CONNECTION_FAILURES = Set.of(
            "io.netty.channel.ConnectTimeoutException",
            "io.vertx.core.http.impl.NoStackTraceTimeoutException",
            "io.vertx.core.impl.NoStackTraceTimeoutException",
            "io.netty.handler.timeout.ReadTimeoutException");

    static final String DETAIL =
            "The identity provider cannot be reached, so the token's signature cannot be checked right now."
                    + " The token was not rejected: try again shortly.";

    private static final long LOG_INTERVAL_MILLIS = 10_000;
    private static final AtomicLong lastLogged = new AtomicLong();

    private ProviderUnavailable() {}

    /**
     * True when {@code failure} is the provider being away during the check of a bearer token. A
     * request with an {@code apikey} header is never one: its failures are the database's.
     */
    public static boolean during(Throwable failure, boolean apiKeyRequest) {
        return !apiKeyRequest && is(failure);
    }

    /** True when the chain of {@code failure} holds a provider or connection failure. */
    static boolean is(Throwable failure) {
        Throwable e = failure;
        for (int depth = 0; e != null && depth < 12; depth++, e = e.getCause()) {
            String name = e.getClass().getName();
            if (PROVIDER_FAILURES.contains(name)
                    || CONNECTION_FAILURES.contains(name)
                    || e instanceof ConnectException
                    || e instanceof NoRouteToHostException
                    || e instanceof UnknownHostException
                    || e instanceof ClosedChannelException
                    || e instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** 503 problem+json with {@code Retry-After} ({@code ipfence.oidc.unavailable-retry-after}, seconds). */
    public static Response response(Throwable failure, String path) {
        long now = System.currentTimeMillis();
        long last = lastLogged.get();
        if (now - last >= LOG_INTERVAL_MILLIS && lastLogged.compareAndSet(last, now)) {
            LOG.warnf(
                    "Identity provider unavailable, answering 503 on %s (logged at most every %d s): %s",
                    path, LOG_INTERVAL_MILLIS / 1000, failure);
        }
        return Response.fromResponse(Problem.of(Response.Status.SERVICE_UNAVAILABLE, DETAIL, path)
                        .toResponse())
                .header("Retry-After", Long.toString(retryAfterSeconds()))
                .build();
    }

    static long retryAfterSeconds() {
        return ConfigProvider.getConfig()
                .getOptionalValue("ipfence.oidc.unavailable-retry-after", Long.class)
                .orElse(5L);
    }
}
