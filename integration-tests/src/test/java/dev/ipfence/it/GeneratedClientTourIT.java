package dev.ipfence.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.client.audit.api.AttemptResourceApi;
import dev.ipfence.client.audit.api.ChangeResourceApi;
import dev.ipfence.client.audit.model.Attempt;
import dev.ipfence.client.audit.model.Change;
import dev.ipfence.client.enforcement.api.DecisionResourceApi;
import dev.ipfence.client.enforcement.model.DecisionRequest;
import dev.ipfence.client.enforcement.model.DecisionResponse;
import dev.ipfence.client.rules.api.EffectiveRulesResourceApi;
import dev.ipfence.client.rules.api.OrgRulesApi;
import dev.ipfence.client.rules.api.PolicyGroupResourceApi;
import dev.ipfence.client.rules.api.PolicyResourceApi;
import dev.ipfence.client.rules.api.ProjectResourceApi;
import dev.ipfence.client.rules.api.ProjectRulesApi;
import dev.ipfence.client.rules.model.BulkRequest;
import dev.ipfence.client.rules.model.BulkResponse;
import dev.ipfence.client.rules.model.EffectiveRules;
import dev.ipfence.client.rules.model.EnvironmentResponse;
import dev.ipfence.client.rules.model.NameRequest;
import dev.ipfence.client.rules.model.PolicyGroupRequest;
import dev.ipfence.client.rules.model.PolicyGroupResponse;
import dev.ipfence.client.rules.model.PolicyRequest;
import dev.ipfence.client.rules.model.PolicyResponse;
import dev.ipfence.client.rules.model.ProjectResponse;
import dev.ipfence.client.rules.model.RuleRequest;
import dev.ipfence.client.rules.model.RuleResponse;
import dev.ipfence.testing.ServiceProcess;
import dev.ipfence.testing.TestTokens;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's five-minute tour, driven only through the Java client generated from the committed
 * OpenAPI documents in docs/api: what the documents promise is what a client built from them gets.
 */
class GeneratedClientTourIT {

    private static final String TOKEN = TestTokens.admin(UUID.randomUUID());

    private static ServiceProcess rules;
    private static ServiceProcess enforcement;
    private static ServiceProcess audit;

    @BeforeAll
    static void start() {
        Path root = Path.of(System.getProperty("ipfence.root", ".."));
        rules = ServiceProcess.start(root, "rule-service", "ipfence_rules", Map.of());
        enforcement = ServiceProcess.start(root, "enforcement-service", null, Map.of());
        audit = ServiceProcess.start(root, "audit-service", "ipfence_audit", Map.of());
    }

    @AfterAll
    static void stop() {
        for (ServiceProcess service : new ServiceProcess[] {audit, enforcement, rules}) {
            if (service != null) {
                service.close();
            }
        }
    }

    @Test
    void theTourThroughTheGeneratedClient() throws Exception {
        dev.ipfence.client.rules.ApiClient rulesClient = new dev.ipfence.client.rules.ApiClient();
        rulesClient.updateBaseUri(rules.url());
        rulesClient.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + TOKEN));
        dev.ipfence.client.enforcement.ApiClient enforcementClient = new dev.ipfence.client.enforcement.ApiClient();
        enforcementClient.updateBaseUri(enforcement.url());
        enforcementClient.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + TOKEN));
        dev.ipfence.client.audit.ApiClient auditClient = new dev.ipfence.client.audit.ApiClient();
        auditClient.updateBaseUri(audit.url());
        auditClient.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + TOKEN));

        // a project and an environment
        ProjectResourceApi projects = new ProjectResourceApi(rulesClient);
        ProjectResponse project = projects.createProject(new NameRequest().name("shop"));
        assertThat(project.getId()).isNotNull();
        assertThat(project.getName()).isEqualTo("shop");
        EnvironmentResponse env = projects.createProjectEnvironment(project.getId(), new NameRequest().name("prod"));
        assertThat(env.getId()).isNotNull();
        assertThat(env.getProjectId()).isEqualTo(project.getId());
        assertThat(env.getName()).isEqualTo("prod");

        // an allow list for the project's web traffic, a deny rule for the whole organization
        ProjectRulesApi projectRules = new ProjectRulesApi(rulesClient);
        RuleResponse office = projectRules.createProjectRule(
                project.getId(),
                new RuleRequest().cidr("203.0.113.0/24").label("office").trafficScopes(List.of("http")));
        assertThat(office.getId()).isNotNull();
        assertThat(office.getScopeId()).isEqualTo(project.getId());
        assertThat(office.getCidr()).isEqualTo("203.0.113.0/24");
        assertThat(office.getAction()).isEqualTo("allow");
        assertThat(office.getTrafficScopes()).containsExactly("http");
        RuleResponse stolen = new OrgRulesApi(rulesClient)
                .createOrgRule(
                        new RuleRequest().cidr("203.0.113.66").action("deny").label("stolen laptop"));
        assertThat(stolen.getId()).isNotNull();
        assertThat(stolen.getAction()).isEqualTo("deny");
        assertThat(stolen.getLabel()).isEqualTo("stolen laptop");

        // bulk import: a good, a duplicate and a bad entry
        BulkResponse bulk = projectRules.bulkCreateProjectRules(
                project.getId(),
                new BulkRequest()
                        .cidrs("198.51.100.0/24, 203.0.113.0/24\n010.0.0.1 # octal?")
                        .trafficScopes(List.of("http")));
        assertThat(bulk.getCreated()).isEqualTo(1);
        assertThat(bulk.getSkipped()).isEqualTo(1);
        assertThat(bulk.getErrors()).hasSize(1);
        assertThat(bulk.getErrors().get(0)).contains("010.0.0.1");

        // what takes part in the environment's decisions for web traffic, and where the allow list comes from
        EffectiveRules effective = new EffectiveRulesResourceApi(rulesClient).getEffectiveRules(env.getId(), "http");
        assertThat(effective.getInheritedFrom()).isEqualTo("project");
        assertThat(effective.getInheritedFromId()).isEqualTo(project.getId());
        assertThat(effective.getInheritedFromName()).isEqualTo("shop");
        assertThat(effective.getRules())
                .extracting(RuleResponse::getCidr)
                .contains("203.0.113.0/24", "198.51.100.0/24");
        UUID imported = effective.getRules().stream()
                .filter(rule -> "198.51.100.0/24".equals(rule.getCidr()))
                .findFirst()
                .orElseThrow()
                .getId();

        // decisions as a proxy asks for them, once enforcement has the rules
        DecisionResourceApi decisions = new DecisionResourceApi(enforcementClient);
        DecisionResponse allowed = await(
                "an ALLOW for the imported network",
                () -> decisions.decide(decision(env, "198.51.100.4"), false, null),
                d -> "ALLOW".equals(d.getDecision()));
        assertThat(allowed.getReason()).isEqualTo("ALLOW_RULE");
        assertThat(allowed.getRuleId()).isEqualTo(imported);
        DecisionResponse explained = decisions.decide(decision(env, "198.51.100.4"), true, null);
        assertThat(explained.getDecision()).isEqualTo("ALLOW");
        assertThat(explained.getExplain()).isNotNull();
        DecisionResponse denied = await(
                "a DENY for the stolen laptop",
                () -> decisions.decide(decision(env, "203.0.113.66"), false, null),
                d -> stolen.getId().equals(d.getRuleId()));
        assertThat(denied.getDecision()).isEqualTo("DENY");
        assertThat(denied.getReason()).isEqualTo("DENY_RULE");

        // what was blocked: once audit-service knows the environment, a denied request shows up
        AttemptResourceApi attempts = new AttemptResourceApi(auditClient);
        await(
                "audit-service learning environment " + env.getId(),
                () -> attempts.listBlockedAttempts(env.getId(), null, null, null, null, null),
                page -> true);
        DecisionResponse outside = decisions.decide(decision(env, "192.0.2.1"), false, null);
        assertThat(outside.getDecision()).isEqualTo("DENY");
        assertThat(outside.getReason()).isEqualTo("NOT_ALLOWLISTED");
        List<Attempt> blocked = await(
                        "the blocked attempt of 192.0.2.1",
                        () -> attempts.listBlockedAttempts(
                                env.getId(),
                                null,
                                "192.0.2.1",
                                10,
                                OffsetDateTime.now().minusHours(1),
                                null),
                        page -> !page.getAttempts().isEmpty())
                .getAttempts();
        assertThat(blocked.get(0).getIp()).isEqualTo("192.0.2.1");
        assertThat(blocked.get(0).getReason()).isEqualTo("NOT_ALLOWLISTED");
        assertThat(blocked.get(0).getTimestamp()).isNotNull();

        // who changed what
        ChangeResourceApi changes = new ChangeResourceApi(auditClient);
        List<Change> ofStolen = await(
                        "the change log entry of the org rule",
                        () -> changes.listChanges(null, null, stolen.getId(), null, 5, null, null, null, null),
                        page -> !page.getChanges().isEmpty())
                .getChanges();
        assertThat(ofStolen)
                .allSatisfy(change -> assertThat(change.getEntityId()).isEqualTo(stolen.getId()));
        assertThat(ofStolen.get(0).getEntityType()).isNotBlank();
        assertThat(ofStolen.get(0).getOccurredAt()).isNotNull();

        // the identity-aware layer: a policy group and a policy for a resource
        PolicyGroupResponse group = new PolicyGroupResourceApi(rulesClient)
                .createGroup(new PolicyGroupRequest()
                        .name("Engineering")
                        .description("from the identity provider")
                        .maxDevices(10)
                        .isSamlDefaultGroup(false)
                        .idpMapping(List.of("engineering")));
        assertThat(group.getId()).isNotNull();
        PolicyResourceApi policies = new PolicyResourceApi(rulesClient);
        PolicyResponse policy = policies.createPolicy(new PolicyRequest()
                .name("Engineering wiki")
                .description("zero trust")
                .type("PRIVATE")
                .mode("LOCAL")
                .action(true)
                .allGroups(false)
                .allUsers(false)
                .allDevices(false)
                .allResources(false)
                .groups(List.of(group.getId()))
                .users(List.of())
                .devices(List.of())
                .resources(List.of("wiki"))
                .gateways(List.of())
                .sourceIps(List.of("198.51.100.0/24")));
        assertThat(policy.getId()).isNotNull();
        assertThat(policy.getName()).isEqualTo("Engineering wiki");
        assertThat(policy.getGroups()).containsExactly(group.getId());
        assertThat(policy.getResources()).containsExactly("wiki");
        assertThat(policy.getAction()).isTrue();
        assertThat(policies.getPolicy(policy.getId()).getName()).isEqualTo("Engineering wiki");
    }

    private static DecisionRequest decision(EnvironmentResponse env, String ip) {
        return new DecisionRequest().ip(ip).environmentId(env.getId()).trafficScope("http");
    }

    /** Calls until the answer satisfies {@code done}; an error answer (an ApiException) is retried too. */
    private static <T> T await(String what, Callable<T> call, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Object last = null;
        while (System.nanoTime() < deadline) {
            try {
                T answer = call.call();
                if (done.test(answer)) {
                    return answer;
                }
                last = answer;
            } catch (dev.ipfence.client.rules.ApiException e) {
                last = e.getCode() + " " + e.getResponseBody();
            } catch (dev.ipfence.client.enforcement.ApiException e) {
                last = e.getCode() + " " + e.getResponseBody();
            } catch (dev.ipfence.client.audit.ApiException e) {
                last = e.getCode() + " " + e.getResponseBody();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("never " + what + "; last " + last);
    }
}
