package dev.ipfence.rules.apikeys;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ipfence.rules.hierarchy.HierarchyApi;
import dev.ipfence.web.WholeCharacters;
import dev.ipfence.web.apikeys.ApiKeySecrets;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The request and response records of {@code /api/tenants/api-keys}. */
public final class ApiKeyApi {

    private ApiKeyApi() {}

    @Schema(
            requiredProperties = {"name", "roles"},
            example = "{\"name\": \"CI pipeline\", \"roles\": [\"ip-access:read\"]}")
    public record CreateRequest(
            @NotBlank(message = "is required")
            @Size(max = 100, message = "must be at most 100 characters")
            @Pattern(regexp = HierarchyApi.NAME_PATTERN, message = "must not contain control characters")
            @WholeCharacters
            String name,

            @NotEmpty(message = "must name at least one of ip-access:read, ip-access:write")
            List<String> roles,

            Instant expiresAt) {}

    /** A key as listed: never its secret, nor its hash. */
    @Schema(requiredProperties = {"id", "name", "roles", "prefix", "createdAt"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ApiKeyResponse(
            UUID id,
            String name,
            List<String> roles,
            String prefix,
            Instant createdAt,
            String createdBy,
            Instant expiresAt,
            Instant lastUsedAt,
            Instant revokedAt) {

        static ApiKeyResponse of(ApiKey key) {
            return new ApiKeyResponse(
                    key.id,
                    key.name,
                    key.roleList(),
                    ApiKeySecrets.displayPrefix(key.id),
                    key.createdAt,
                    key.createdBy,
                    key.expiresAt,
                    key.lastUsedAt,
                    key.revokedAt);
        }
    }

    /** The answer to a create: the only time the secret is shown. */
    @Schema(requiredProperties = {"id", "name", "roles", "prefix", "createdAt", "secret"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record CreatedApiKey(
            UUID id,
            String name,
            List<String> roles,
            String prefix,
            Instant createdAt,
            String createdBy,
            Instant expiresAt,
            Instant lastUsedAt,
            Instant revokedAt,
            String secret) {

        static CreatedApiKey of(ApiKey key, String secret) {
            ApiKeyResponse r = ApiKeyResponse.of(key);
            return new CreatedApiKey(
                    r.id(),
                    r.name(),
                    r.roles(),
                    r.prefix(),
                    r.createdAt(),
                    r.createdBy(),
                    r.expiresAt(),
                    r.lastUsedAt(),
                    r.revokedAt(),
                    secret);
        }
    }

    @Schema(requiredProperties = {"apiKeys", "total"})
    public record ApiKeyList(List<ApiKeyResponse> apiKeys, int total) {}
}
