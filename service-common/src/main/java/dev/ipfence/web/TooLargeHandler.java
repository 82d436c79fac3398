package dev.ipfence.web;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A body over {@code quarkus.http.limits.max-body-size} gets a 413 with the same problem+json body
 * as every other error: refused up front when its {@code Content-Length} says so (before a byte of
 * it is read), and when the HTTP layer stops reading a chunked body at the limit.
 */
@ApplicationScoped
public class TooLargeHandler {

    private final Optional<MemorySize> maxBodySize;

    public TooLargeHandler(
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize) {
        this.maxBodySize = maxBodySize;
    }

    void install(@Observes Router router) {
        maxBodySize.ifPresent(max -> router.route().order(Integer.MIN_VALUE).handler(context -> {
            if (declaredLength(context) > max.asLongValue()) {
                refuse(context);
            } else {
                context.next();
            }
        }));
        router.route().order(Integer.MIN_VALUE).failureHandler(context -> {
            if (context.statusCode() != 413 || context.response().headWritten()) {
                context.next();
                return;
            }
            refuse(context);
        });
    }

    private static long declaredLength(RoutingContext context) {
        String length = context.request().getHeader("Content-Length");
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void refuse(RoutingContext context) {
        JsonObject body = new JsonObject()
                .put("type", Problem.typeFor(413))
                .put("title", "Request Entity Too Large")
                .put("status", 413)
                .put(
                        "detail",
                        "The request body is larger than this service accepts (quarkus.http.limits.max-body-size).")
                .put("instance", context.request().path());
        // the rest of the body is not read: the connection closes after the answer
        context.response()
                .setStatusCode(413)
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader("Connection", "close")
                .end(body.encode());
    }
}
