package dev.ipfence.enforcement.decisions;

import dev.ipfence.enforcement.common.EnforcementConfig;
import dev.ipfence.web.Problem;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.metrics.MetricsOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The forward-auth port ({@code ipfence.enforcement.forward-auth.port}): {@code /v1/forward-auth}
 * alone, answered by {@link ForwardAuthRoute} straight from Vert.x's HTTP server, one server per
 * event loop. It skips what the main port runs before every route (the router, URI checks, body
 * limits, HTTP metrics), which costs more than the decision itself; the answers are the same.
 * Any other path is a 404 problem. Its event loops are its own (a Vert.x instance without the
 * metrics Quarkus attaches to every server of its own instance); decisions are counted as on the
 * main port.
 */
@ApplicationScoped
public class ForwardAuthListener {

    private static final Logger LOG = Logger.getLogger(ForwardAuthListener.class);
    /** As the main port's {@code quarkus.http.limits}: a request line and headers a proxy sends fit. */
    static final int MAX_INITIAL_LINE = 4096;

    static final int MAX_HEADERS = 20 * 1024;

    private final ForwardAuthRoute route;
    private final EnforcementConfig.ForwardAuth config;
    private volatile int port = -1;
    private volatile Vertx vertx;

    public ForwardAuthListener(ForwardAuthRoute route, EnforcementConfig config) {
        this.route = route;
        this.config = config.forwardAuth();
    }

    void start(@Observes StartupEvent event) throws Exception {
        if (config.port().isEmpty()) {
            return;
        }
        int instances = config.listeners().orElse(Runtime.getRuntime().availableProcessors());
        if (instances < 1) {
            throw new IllegalArgumentException(
                    "ipfence.enforcement.forward-auth.listeners must be at least 1, was " + instances);
        }
        // the instances share one port; 0 (tests) is a free one, picked here
        int chosen = config.port().get() == 0 ? freePort() : config.port().get();
        vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(instances)
                .setMetricsOptions(new MetricsOptions().setEnabled(false)));
        vertx.deployVerticle(() -> new Server(chosen), new DeploymentOptions().setInstances(instances))
                .toCompletionStage()
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        port = chosen;
        LOG.infof("forward-auth port %d: %d listener(s)", port, instances);
    }

    void stop(@Observes ShutdownEvent event) throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The port it listens on, -1 when it is off. */
    public int port() {
        return port;
    }

    private void handle(HttpServerRequest request) {
        if (ForwardAuthRoute.PATH.equals(request.path())) {
            route.handle(request);
        } else {
            route.problem(
                    request.response(),
                    Problem.of(
                            Response.Status.NOT_FOUND,
                            "This port answers " + ForwardAuthRoute.PATH + " only.",
                            request.path()));
        }
    }

    private final class Server extends AbstractVerticle {
        private final int listenPort;

        Server(int listenPort) {
            this.listenPort = listenPort;
        }

        @Override
        public void start(Promise<Void> started) {
            HttpServerOptions options = new HttpServerOptions()
                    .setPort(listenPort)
                    .setMaxInitialLineLength(MAX_INITIAL_LINE)
                    .setMaxHeaderSize(MAX_HEADERS);
            HttpServer server = vertx.createHttpServer(options).requestHandler(ForwardAuthListener.this::handle);
            server.listen().<Void>mapEmpty().onComplete(started);
        }
    }
}
