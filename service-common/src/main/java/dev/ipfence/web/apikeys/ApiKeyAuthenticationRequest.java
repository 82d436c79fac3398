package dev.ipfence.web.apikeys;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** The secret of an {@code apikey} header, to be verified by {@link ApiKeyIdentityProvider}. */
public class ApiKeyAuthenticationRequest extends BaseAuthenticationRequest {

    private final String secret;

    public ApiKeyAuthenticationRequest(String secret) {
        this.secret = secret;
    }

    public String secret() {
        return secret;
    }
}
