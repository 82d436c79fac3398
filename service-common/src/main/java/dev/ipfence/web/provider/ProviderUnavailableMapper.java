package dev.ipfence.web.provider;

import io.quarkus.oidc.OIDCException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * quarkus-oidc raises {@link OIDCException} when a bearer token arrives and the provider was never
 * reached (the service started while it was away) and still cannot be: 503, not 500.
 */
public class ProviderUnavailableMapper {

    @ServerExceptionMapper
    public Response providerUnavailable(OIDCException e, UriInfo uri) {
        return ProviderUnavailable.response(e, uri.getPath());
    }
}
