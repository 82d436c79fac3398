package dev.ipfence.web.apikeys;

import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** The directory of a service that provides none: every key is unknown, so refused. */
@ApplicationScoped
@DefaultBean
public class NoApiKeys implements ApiKeyDirectory {

    @Override
    public Uni<Entry> find(UUID id) {
        return Uni.createFrom().item(UNKNOWN);
    }
}
