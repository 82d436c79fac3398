package dev.ipfence.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Points a service under test at the real PostgreSQL and Kafka of this test run and makes it trust
 * the test token issuer. Arguments: {@code database} (the service's database, if it has one).
 */
public class IpfenceServers implements QuarkusTestResourceLifecycleManager {

    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        this.database = initArgs.get("database");
    }

    @Override
    public Map<String, String> start() {
        DevServersProcess servers = DevServersProcess.shared();
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", servers.kafkaBootstrap());
        if (database != null) {
            config.put("quarkus.datasource.jdbc.url", servers.jdbcUrl(database));
            config.put("quarkus.datasource.reactive.url", servers.reactiveUrl(database));
            config.put("quarkus.datasource.username", servers.postgresUsername());
            config.put("quarkus.datasource.password", servers.postgresPassword());
        }
        config.put("quarkus.oidc.public-key", TestTokens.publicKeyPem());
        config.put("quarkus.oidc.token.issuer", TestTokens.ISSUER);
        config.put("quarkus.oidc.token.audience", TestTokens.AUDIENCE);
        return config;
    }

    @Override
    public void stop() {
        // the servers outlive each Quarkus restart and stop with the JVM
    }
}
