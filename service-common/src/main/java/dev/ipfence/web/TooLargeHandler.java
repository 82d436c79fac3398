package dev.ipfence.web;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * A body over {@code quarkus.http.limits.max-body-size} is refused by the HTTP layer before the REST
 * layer sees it; this gives that 413 the same problem+json body as every other error.
 */
@ApplicationScoped
public class TooLargeHandler {

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(context -> {
            if (context.statusCode() != 413 || context.response().headWritten()) {
                context.next();
                return;
            }
            JsonObject body = new JsonObject()
                    .put("type", Problem.typeFor(413))
                    .put("title", "Request Entity Too Large")
                    .put("status", 413)
                    .put(
                            "detail",
                            "The request body is larger than this service accepts (quarkus.http.limits.max-body-size).")
                    .put("instance", context.request().path());
            context.response()
                    .setStatusCode(413)
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(body.encode());
        });
    }
}
