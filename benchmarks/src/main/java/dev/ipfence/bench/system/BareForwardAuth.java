package dev.ipfence.bench.system;

import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.address.IpAddress;
import dev.ipfence.core.matcher.ChainMatcher;
import dev.ipfence.core.matcher.CompiledScope;
import dev.ipfence.core.matcher.Liveness;
import dev.ipfence.core.model.Action;
import dev.ipfence.core.model.Rule;
import dev.ipfence.core.model.Scope;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The middle contender of the forward-auth comparison: the HTTP server enforcement-service runs on
 * (Vert.x, one event loop) with the same compiled matcher, and nothing else: no Quarkus router,
 * metrics, trusted-proxy check or blocked-attempt record. It answers 200 or 403 for the address in
 * {@code X-Forwarded-For} from the allow list of the fixture's {@code geo.conf}, so its figure is
 * the ceiling of what the service could reach on this server.
 *
 * <p>{@code java ... BareForwardAuth GEO_CONF PORT}
 */
public final class BareForwardAuth {

    private BareForwardAuth() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        start(Path.of(args[0]), port);
        System.out.println("READY " + port);
        System.out.flush();
    }

    /** Serves the allow list of {@code geoConf} on {@code port} of 127.0.0.1; closing the returned Vert.x stops it. */
    public static Vertx start(Path geoConf, int port) throws Exception {
        CompiledScope allowList = CompiledScope.compile(Scope.ENVIRONMENT, rules(geoConf));
        CompiledScope none = CompiledScope.compile(Scope.PROJECT, List.of());
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        vertx.createHttpServer()
                .requestHandler(request -> {
                    String client = request.getHeader("X-Forwarded-For");
                    int status = 403;
                    if (client != null) {
                        try {
                            IpAddress address = Addresses.parseAddress(client);
                            long now = Liveness.micros(Instant.now());
                            var decision = ChainMatcher.decide(allowList, none, none, address, "http", now);
                            status = decision.action() == Action.ALLOW ? 200 : 403;
                        } catch (RuntimeException e) {
                            status = 403;
                        }
                    }
                    request.response().setStatusCode(status).end();
                })
                .listen(port, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .join();
        return vertx;
    }

    /** The networks of nginx's geo block ({@code "  10.1.2.0/24 1;"} per line) as environment allow rules. */
    public static List<Rule> rules(Path geoConf) throws Exception {
        List<Rule> rules = new ArrayList<>();
        UUID environment = UUID.randomUUID();
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        for (String line : Files.readAllLines(geoConf)) {
            String cidr = line.strip().split(" ")[0];
            rules.add(new Rule(
                    UUID.randomUUID(),
                    Scope.ENVIRONMENT,
                    environment,
                    Addresses.parseNetwork(cidr),
                    Action.ALLOW,
                    Set.of(),
                    true,
                    null,
                    created));
        }
        return rules;
    }
}
