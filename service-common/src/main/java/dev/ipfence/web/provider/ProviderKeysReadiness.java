package dev.ipfence.web.provider;

import io.quarkus.oidc.runtime.TenantConfigBean;
import io.quarkus.oidc.runtime.TenantConfigContext;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the service can verify bearer tokens: it was started with a fixed public key, or it has
 * reached the identity provider once and holds its signing keys. A service that started while the
 * provider was away is not ready, and each probe tries the provider again, so it becomes ready
 * without a restart. Once the keys are loaded an outage of the provider does not make the service
 * unready: tokens signed with known keys keep working, and only tokens needing fresh keys get 503
 * (docs/operations.md, "Identity provider outages").
 */
@Readiness
@ApplicationScoped
public class ProviderKeysReadiness implements AsyncHealthCheck {

    static final String NAME = "identity provider keys";

    private final TenantConfigBean tenants;
    private final Duration probeTimeout;

    public ProviderKeysReadiness(
            TenantConfigBean tenants,
            @ConfigProperty(name = "ipfence.oidc.readiness-timeout", defaultValue = "2S") Duration probeTimeout) {
        this.tenants = tenants;
        this.probeTimeout = probeTimeout;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        TenantConfigContext tenant = tenants.getDefaultTenant();
        if (tenant.ready()) {
            return Uni.createFrom().item(up());
        }
        return tenant.initialize()
                .map(initialized -> initialized != null && initialized.ready() ? up() : down("not initialized"))
                .ifNoItem()
                .after(probeTimeout)
                .recoverWithItem(() -> down("no answer within " + probeTimeout.toMillis() + " ms"))
                .onFailure()
                .recoverWithItem(failure -> down(failure.getMessage()));
    }

    private static HealthCheckResponse up() {
        return HealthCheckResponse.named(NAME).up().build();
    }

    private static HealthCheckResponse down(String reason) {
        return HealthCheckResponse.named(NAME)
                .down()
                .withData("reason", "the identity provider's keys are not loaded: " + reason)
                .build();
    }
}
