package dev.ipfence.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ipfence.console.api.ApiResponse;
import dev.ipfence.console.api.ServiceClient;
import dev.ipfence.console.api.ServiceClient.Service;
import io.quarkus.qute.TemplateData;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** The organization's projects and their environments, read from rule-service. */
@ApplicationScoped
public class Hierarchy {

    @TemplateData
    public record Environment(String id, String name, String projectId, String projectName) {}

    @TemplateData
    public record Project(String id, String name, List<Environment> environments) {

        public int environmentCount() {
            return environments.size();
        }
    }

    /** The tree, or the service's refusal. */
    public record Tree(List<Project> projects, ApiResponse refusal) {

        public List<Environment> environments() {
            return projects.stream().flatMap(p -> p.environments().stream()).toList();
        }
    }

    private final ServiceClient services;

    public Hierarchy(ServiceClient services) {
        this.services = services;
    }

    public Uni<Tree> tree() {
        return services.get(Service.RULES, "/api/projects").flatMap(response -> {
            if (!response.ok()) {
                return Uni.createFrom().item(new Tree(List.of(), response));
            }
            List<Uni<Project>> projects = new ArrayList<>();
            for (JsonNode project : response.json().path("projects")) {
                projects.add(project(project));
            }
            if (projects.isEmpty()) {
                return Uni.createFrom().item(new Tree(List.of(), null));
            }
            return Uni.join().all(projects).andFailFast().map(list -> new Tree(list, null));
        });
    }

    private Uni<Project> project(JsonNode project) {
        String id = project.path("id").asText();
        String name = project.path("name").asText();
        return services.get(Service.RULES, "/api/projects/" + id + "/environments")
                .map(response -> {
                    List<Environment> environments = new ArrayList<>();
                    for (JsonNode env : response.json().path("environments")) {
                        environments.add(new Environment(
                                env.path("id").asText(), env.path("name").asText(), id, name));
                    }
                    return new Project(id, name, environments);
                });
    }
}
