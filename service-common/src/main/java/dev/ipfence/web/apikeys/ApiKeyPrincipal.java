package dev.ipfence.web.apikeys;

import java.security.Principal;
import java.util.UUID;

/** The caller authenticated by an API key: the key and its organization. Its name is {@code apikey:<id>}. */
public record ApiKeyPrincipal(UUID keyId, UUID orgId, String keyName) implements Principal {

    @Override
    public String getName() {
        return "apikey:" + keyId;
    }
}
