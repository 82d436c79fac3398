package dev.ipfence.rules.hierarchy;

import dev.ipfence.core.events.EnvironmentState;
import dev.ipfence.core.events.ProjectState;
import dev.ipfence.web.WholeCharacters;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The request and response records of the hierarchy API. */
public final class HierarchyApi {

    private HierarchyApi() {}

    /**
     * No control character: Java's {@code \p{Cntrl}} written as a range, so that the pattern the
     * OpenAPI document states is also a valid ECMAScript regular expression for clients.
     */
    public static final String NAME_PATTERN = "[^\\x00-\\x1F\\x7F]*";

    static final String NAME_MESSAGE = "must not contain control characters";

    @Schema(
            requiredProperties = {"name"},
            example = "{\"name\": \"shop\"}")
    public record NameRequest(
            @NotBlank(message = "is required")
            @Size(max = 100, message = "must be at most 100 characters")
            @Pattern(regexp = NAME_PATTERN, message = NAME_MESSAGE)
            @WholeCharacters
            String name) {}

    @Schema(requiredProperties = {"id", "name", "createdAt", "updatedAt", "version"})
    public record ProjectResponse(
            UUID id,
            String name,
            Instant createdAt,
            Instant updatedAt,
            String createdBy,
            String updatedBy,
            long version) {

        static ProjectResponse of(ProjectState p) {
            return new ProjectResponse(
                    p.id(), p.name(), p.createdAt(), p.updatedAt(), p.createdBy(), p.updatedBy(), p.version());
        }
    }

    @Schema(requiredProperties = {"id", "projectId", "name", "createdAt", "updatedAt", "version"})
    public record EnvironmentResponse(
            UUID id,
            UUID projectId,
            String name,
            Instant createdAt,
            Instant updatedAt,
            String createdBy,
            String updatedBy,
            long version) {

        static EnvironmentResponse of(EnvironmentState e) {
            return new EnvironmentResponse(
                    e.id(),
                    e.projectId(),
                    e.name(),
                    e.createdAt(),
                    e.updatedAt(),
                    e.createdBy(),
                    e.updatedBy(),
                    e.version());
        }
    }

    @Schema(requiredProperties = {"projects", "total"})
    public record ProjectList(List<ProjectResponse> projects, int total) {}

    @Schema(requiredProperties = {"environments", "total"})
    public record EnvironmentList(List<EnvironmentResponse> environments, int total) {}
}
