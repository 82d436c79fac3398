package dev.ipfence.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipfence.core.address.AddressException;
import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.events.Topic;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.KafkaAuthorizationSimple;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerAuthenticationScramSha512;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.KafkaUserTlsClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleBuilder;
import io.strimzi.api.kafka.model.user.acl.AclRuleClusterResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTransactionalIdResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleType;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders each overlay with kustomize (kubectl kustomize) and reads every object with fabric8's
 * typed models: an unknown field or a wrong type fails, and so does any broken invariant of
 * what an operator would apply.
 */
class ManifestsTest {

    private static final Path K8S = Path.of(System.getProperty("ipfence.k8s", "k8s"));
    /** Custom resources without a Java model: CloudNativePG's Cluster (checked by its references). */
    private static final Set<String> UNTYPED_KINDS = Set.of("Cluster");

    private static final Set<String> SERVICES = Set.of("rule-service", "enforcement-service", "audit-service");
    /** The web console: a Deployment without Kafka or a database. */
    private static final String CONSOLE = "console";

    /** What IPFENCE_TRUSTED_PROXIES ships as: no network, so enforcement-service refuses to start with it. */
    static final String TRUSTED_PROXIES_PLACEHOLDER = "REPLACE-ME";

    /** Strimzi's User Operator makes a Secret of the KafkaUser's name with these keys. */
    static final String JAAS_KEY = "sasl.jaas.config";

    /**
     * audit-service's dead-letter topics (not part of the event contract) and the topic each one
     * takes the failures of.
     */
    static final Map<String, String> DEAD_LETTER_TOPICS = Map.of(
            "ipfence.blocked-attempts.v1.dlq", Topic.BLOCKED_ATTEMPTS.topicName(),
            "ipfence.rules.v1.audit-dlq", Topic.RULES.topicName());

    /**
     * Every ACL of each service's KafkaUser, as resource-type:name:operation (all literal, allow,
     * any host): what the service does and nothing more. Only rule-service writes the rules topic.
     */
    static final Map<String, Set<String>> KAFKA_ACLS = Map.of(
            "rule-service",
            Set.of("topic:ipfence.rules.v1:Write", "topic:ipfence.rules.v1:Describe", "cluster::IdempotentWrite"),
            "enforcement-service",
            Set.of(
                    // assign() over the partitions, no consumer group
                    "topic:ipfence.rules.v1:Read",
                    "topic:ipfence.rules.v1:Describe",
                    "topic:ipfence.blocked-attempts.v1:Write",
                    "topic:ipfence.blocked-attempts.v1:Describe",
                    "cluster::IdempotentWrite"),
            "audit-service",
            Set.of(
                    "topic:ipfence.blocked-attempts.v1:Read",
                    "topic:ipfence.blocked-attempts.v1:Describe",
                    "topic:ipfence.rules.v1:Read",
                    "topic:ipfence.rules.v1:Describe",
                    "group:ipfence-audit-attempts:Read",
                    "group:ipfence-audit-changes:Read",
                    "topic:ipfence.blocked-attempts.v1.dlq:Write",
                    "topic:ipfence.blocked-attempts.v1.dlq:Describe",
                    "topic:ipfence.rules.v1.audit-dlq:Write",
                    "topic:ipfence.rules.v1.audit-dlq:Describe",
                    "cluster::IdempotentWrite"));

    /** The KafkaUser (and so the Secret) of a service. */
    static String kafkaUser(String service) {
        return "ipfence-" + service;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void overlayRendersToValidObjectsWithEveryInvariant(String overlay) throws Exception {
        List<HasMetadata> objects = parse(render(K8S.resolve("overlays").resolve(overlay)));
        assertThat(objects).isNotEmpty();
        for (HasMetadata object : objects) {
            assertNoUnknownFields(object);
            if (object instanceof GenericKubernetesResource generic) {
                assertThat(UNTYPED_KINDS)
                        .as("kind without a typed model: %s", name(generic))
                        .contains(generic.getKind());
            }
        }
        List<Deployment> deployments = ofType(objects, Deployment.class);
        assertThat(deployments.stream().map(d -> d.getMetadata().getName()))
                .containsExactlyInAnyOrderElementsOf(
                        java.util.stream.Stream.concat(SERVICES.stream(), java.util.stream.Stream.of(CONSOLE))
                                .toList());
        deployments.forEach(ManifestsTest::assertHardenedAndProbed);
        assertServicesSelectDeployments(ofType(objects, Service.class), deployments);
        assertIngressBackendsExist(ofType(objects, Ingress.class), ofType(objects, Service.class));
        assertReferencesExist(objects, deployments);
        assertTopicsMatchTheEventContract(objects, deployments);
        assertNetworkPoliciesSelectPods(objects, ofType(objects, NetworkPolicy.class), deployments);
        assertClientAddressIsLeftToTheOperator(objects);
        assertKafkaSecured(objects);
        assertCheckpointOnAWritableVolume(containerOf(objects, "enforcement-service"));
        assertForwardAuthPortReachable(objects);
        assertThat(objects.stream()
                        .map(HasMetadata::getMetadata)
                        .map(m -> m.getNamespace())
                        .distinct())
                .as("one namespace per overlay")
                .hasSize(1);
        if (overlay.equals("prod")) {
            assertProductionScaling(objects, deployments);
        } else {
            assertThat(deployments)
                    .allSatisfy(d -> assertThat(d.getSpec().getReplicas()).isEqualTo(1));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingress-nginx.yaml", "traefik.yaml", "envoy.yaml"})
    void proxyExamplesPointAtForwardAuth(String file) throws Exception {
        String yaml = Files.readString(K8S.resolve("examples").resolve(file));
        String port = forwardAuthPort(parse(render(K8S.resolve("overlays").resolve("dev"))));
        assertThat(yaml)
                .contains("enforcement-service.ipfence.svc.cluster.local")
                .contains("/v1/forward-auth?environmentId=");
        assertThat(yaml.contains("enforcement-service.ipfence.svc.cluster.local:" + port + "/")
                        || yaml.contains("enforcement-service.ipfence.svc.cluster.local, port_value: " + port + " }"))
                .as("%s calls the forward-auth port %s", file, port)
                .isTrue();
        List<HasMetadata> objects = parse(yaml);
        assertThat(objects).isNotEmpty();
        for (HasMetadata object : objects) {
            assertNoUnknownFields(object);
        }
    }

    /** Each mutation is a way to ship a trust-everyone or trust-nobody default; the check sees every one. */
    @Test
    void clientAddressCheckFailsOnEveryOpenDefault() throws Exception {
        String yaml = render(K8S.resolve("overlays").resolve("dev"));
        assertClientAddressIsLeftToTheOperator(parse(yaml));
        Map<String, Consumer<List<HasMetadata>>> mutations = Map.of(
                "the old default 10.0.0.0/8",
                objects -> enforcementConfig(objects).getData().put("IPFENCE_TRUSTED_PROXIES", "10.0.0.0/8"),
                "a whole private network among others",
                objects -> enforcementConfig(objects)
                        .getData()
                        .put("IPFENCE_TRUSTED_PROXIES", "10.0.0.0/8," + TRUSTED_PROXIES_PLACEHOLDER),
                "empty (trust no proxy: the proxy is judged as the client)",
                objects -> enforcementConfig(objects).getData().put("IPFENCE_TRUSTED_PROXIES", ""),
                "no trusted proxies at all",
                objects -> enforcementConfig(objects).getData().remove("IPFENCE_TRUSTED_PROXIES"),
                "no trusted hops",
                objects -> enforcementConfig(objects).getData().remove("IPFENCE_TRUSTED_HOPS"),
                "zero trusted hops",
                objects -> enforcementConfig(objects).getData().put("IPFENCE_TRUSTED_HOPS", "0"),
                "trusted hops not a number",
                objects -> enforcementConfig(objects).getData().put("IPFENCE_TRUSTED_HOPS", "one"),
                "enforcement-service not reading enforcement-config",
                objects -> enforcementContainer(objects)
                        .getEnvFrom()
                        .removeIf(from -> from.getConfigMapRef() != null
                                && from.getConfigMapRef().getName().equals("enforcement-config")),
                "an env entry overriding the ConfigMap",
                objects -> enforcementContainer(objects)
                        .getEnv()
                        .add(new EnvVar("IPFENCE_TRUSTED_PROXIES", "0.0.0.0/0", null)));
        mutations.forEach((name, mutation) -> {
            List<HasMetadata> objects = parse(yaml);
            mutation.accept(objects);
            assertThatThrownBy(() -> assertClientAddressIsLeftToTheOperator(objects))
                    .as(name)
                    .isInstanceOf(AssertionError.class);
        });
    }

    /** Each mutation breaks the one way every service reads bearer tokens; the check sees every one. */
    @Test
    void everyServiceReadsTheSameBearerTokenSettings() throws Exception {
        String yaml = render(K8S.resolve("overlays").resolve("prod"));
        assertOneTokenStory(parse(yaml));
        Map<String, Consumer<List<HasMetadata>>> mutations = new java.util.LinkedHashMap<>();
        mutations.put(
                "no provider",
                objects -> configMap(objects, "ipfence-config").getData().remove(AUTH_SERVER_URL));
        mutations.put(
                "a provider over plain HTTP",
                objects -> configMap(objects, "ipfence-config")
                        .getData()
                        .put(AUTH_SERVER_URL, "http://keycloak.example.com/realms/platform"));
        mutations.put(
                "a fixed key besides the provider",
                objects -> configMap(objects, "ipfence-config").getData().put("IPFENCE_OIDC_PUBLIC_KEY", "-----BEGIN"));
        mutations.put(
                "a development issuer pinned",
                objects -> configMap(objects, "ipfence-config")
                        .getData()
                        .put("IPFENCE_OIDC_ISSUER", "https://ipfence.local/dev"));
        mutations.put(
                "no audience",
                objects -> configMap(objects, "ipfence-config").getData().remove("IPFENCE_OIDC_AUDIENCE"));
        mutations.put(
                "a misspelt claim setting",
                objects -> configMap(objects, "ipfence-config").getData().put("IPFENCE_AUTH_ORG_CLAIM", "tid"));
        mutations.put(
                "one service with its own roles claim",
                objects -> serviceContainers(objects)
                        .get(1)
                        .getEnv()
                        .add(new EnvVar("IPFENCE_AUTH_ROLES_CLAIM", "roles", null)));
        mutations.put(
                "one service not reading ipfence-config",
                objects -> serviceContainers(objects)
                        .get(2)
                        .getEnvFrom()
                        .removeIf(from -> from.getConfigMapRef() != null
                                && from.getConfigMapRef().getName().equals("ipfence-config")));
        mutations.forEach((name, mutation) -> {
            List<HasMetadata> objects = parse(yaml);
            mutation.accept(objects);
            assertThatThrownBy(() -> assertOneTokenStory(objects)).as(name).isInstanceOf(AssertionError.class);
        });
    }

    private static final String AUTH_SERVER_URL = "IPFENCE_OIDC_AUTH_SERVER_URL";

    /** The keys of docs/operations.md ("Authentication and roles") a cluster sets. */
    private static final Set<String> TOKEN_KEYS = Set.of(
            AUTH_SERVER_URL,
            "IPFENCE_OIDC_ISSUER",
            "IPFENCE_OIDC_PUBLIC_KEY",
            "IPFENCE_OIDC_AUDIENCE",
            "IPFENCE_AUTH_ORGANIZATION_CLAIM",
            "IPFENCE_AUTH_ROLES_CLAIM",
            "IPFENCE_AUTH_REJECTION_LOG_INTERVAL",
            "IPFENCE_AUTH_REJECTION_LOG_MAX_ADDRESSES");

    /**
     * One provider over HTTPS whose discovery document gives issuer and keys (no fixed key, no
     * pinned issuer), the audience and the claims, in ipfence-config only, read by all three
     * services alike.
     */
    private static void assertOneTokenStory(List<HasMetadata> objects) {
        Map<String, String> data = configMap(objects, "ipfence-config").getData();
        assertThat(data.get(AUTH_SERVER_URL)).as(AUTH_SERVER_URL).startsWith("https://");
        assertThat(data)
                .as("no fixed key and no pinned issuer beside the provider")
                .doesNotContainKeys("IPFENCE_OIDC_PUBLIC_KEY", "IPFENCE_OIDC_ISSUER");
        assertThat(data.get("IPFENCE_OIDC_AUDIENCE")).as("the audience").isEqualTo("ipfence");
        assertThat(data).containsEntry("IPFENCE_AUTH_ORGANIZATION_CLAIM", "org_id");
        assertThat(data).containsEntry("IPFENCE_AUTH_ROLES_CLAIM", "groups");
        assertThat(data.keySet().stream()
                        .filter(key -> key.startsWith("IPFENCE_OIDC_") || key.startsWith("IPFENCE_AUTH_")))
                .as("only keys the services read")
                .allMatch(TOKEN_KEYS::contains);
        List<Container> containers = serviceContainers(objects);
        assertThat(containers).hasSize(3);
        for (Container container : containers) {
            assertThat(nullSafe(container.getEnvFrom()).stream()
                            .filter(from -> from.getConfigMapRef() != null)
                            .map(from -> from.getConfigMapRef().getName()))
                    .as("%s reads ipfence-config", container.getName())
                    .contains("ipfence-config");
            assertThat(nullSafe(container.getEnv()).stream().map(EnvVar::getName))
                    .as("%s overrides no token setting", container.getName())
                    .noneMatch(TOKEN_KEYS::contains);
        }
    }

    private static List<Container> serviceContainers(List<HasMetadata> objects) {
        return ofType(objects, Deployment.class).stream()
                .filter(d -> List.of("rule-service", "enforcement-service", "audit-service")
                        .contains(d.getMetadata().getName()))
                .sorted(java.util.Comparator.comparing(d -> d.getMetadata().getName()))
                .flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream())
                .toList();
    }

    /**
     * The manifests trust no proxy network by default, and do not trust nobody either: they ship a
     * placeholder that enforcement-service refuses, with one trusted hop, read by its pods.
     */
    private static void assertClientAddressIsLeftToTheOperator(List<HasMetadata> objects) {
        Map<String, String> data = enforcementConfig(objects).getData();
        String proxies = data.get("IPFENCE_TRUSTED_PROXIES");
        assertThat(proxies)
                .as("IPFENCE_TRUSTED_PROXIES ships as the placeholder an operator must replace")
                .isEqualTo(TRUSTED_PROXIES_PLACEHOLDER);
        assertThatThrownBy(() -> Addresses.parseNetwork(proxies))
                .as("the placeholder is no network, so enforcement-service refuses to start with it")
                .isInstanceOf(AddressException.class);
        assertThat(data.get("IPFENCE_TRUSTED_HOPS"))
                .as("IPFENCE_TRUSTED_HOPS: one proxy that appends")
                .isEqualTo("1");
        Container container = enforcementContainer(objects);
        assertThat(nullSafe(container.getEnvFrom()).stream()
                        .filter(from -> from.getConfigMapRef() != null)
                        .map(from -> from.getConfigMapRef().getName()))
                .as("enforcement-service reads enforcement-config")
                .contains("enforcement-config");
        assertThat(nullSafe(container.getEnv()).stream().map(EnvVar::getName))
                .as("nothing overrides enforcement-config")
                .doesNotContain("IPFENCE_TRUSTED_PROXIES", "IPFENCE_TRUSTED_HOPS");
    }

    private static ConfigMap enforcementConfig(List<HasMetadata> objects) {
        return ofType(objects, ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().equals("enforcement-config"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap enforcement-config"));
    }

    private static Container enforcementContainer(List<HasMetadata> objects) {
        return ofType(objects, Deployment.class).stream()
                .filter(d -> d.getMetadata().getName().equals("enforcement-service"))
                .flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no enforcement-service container"));
    }

    /**
     * Kafka in the cluster: an authenticated TLS listener, ACLs, one KafkaUser per service with
     * exactly its ACLs, each service logged in as its own user, the brokers reachable only from
     * the services.
     */
    static void assertKafkaSecured(List<HasMetadata> objects) {
        assertKafkaAuthenticatesAndAuthorizes(objects);
        assertKafkaUsersLeastPrivilege(objects);
        assertServicesLogInAsTheirOwnUser(objects);
        assertBrokersOnlyFromServices(objects);
    }

    /** Each mutation opens Kafka a little; the checks above see every one. */
    @Test
    void kafkaSecurityChecksFailOnEveryOpening() throws Exception {
        String yaml = render(K8S.resolve("overlays").resolve("prod"));
        assertKafkaSecured(parse(yaml));
        Map<String, Consumer<List<HasMetadata>>> mutations = new java.util.LinkedHashMap<>();
        // the cluster
        mutations.put(
                "listener without authentication",
                objects -> clientListener(objects).setAuth(null));
        mutations.put("listener without TLS", objects -> clientListener(objects).setTls(false));
        mutations.put("a second, plain listener", objects -> {
            GenericKafkaListener plain = new GenericKafkaListener();
            plain.setName("plain");
            plain.setPort(9092);
            plain.setType(io.strimzi.api.kafka.model.kafka.listener.KafkaListenerType.INTERNAL);
            plain.setNetworkPolicyPeers(clientListener(objects).getNetworkPolicyPeers());
            kafka(objects).getSpec().getKafka().getListeners().add(plain);
        });
        mutations.put(
                "no authorization (every user may do everything)",
                objects -> kafka(objects).getSpec().getKafka().setAuthorization(null));
        mutations.put(
                "the console reads the Kafka settings",
                objects -> containerOf(objects, CONSOLE)
                        .setEnvFrom(List.of(new io.fabric8.kubernetes.api.model.EnvFromSourceBuilder()
                                .withNewConfigMapRef()
                                .withName("ipfence-config")
                                .endConfigMapRef()
                                .build())));
        mutations.put(
                "the console gets a service's Kafka login",
                objects -> containerOf(objects, CONSOLE)
                        .getEnv()
                        .add(env(objects, "rule-service", "KAFKA_SASL_JAAS_CONFIG")));
        mutations.put(
                "a service as super user",
                objects -> ((KafkaAuthorizationSimple)
                                kafka(objects).getSpec().getKafka().getAuthorization())
                        .setSuperUsers(List.of("User:" + kafkaUser("audit-service"))));
        mutations.put(
                "no User Operator (no KafkaUser is ever made)",
                objects -> kafka(objects).getSpec().getEntityOperator().setUserOperator(null));
        // the users
        mutations.put(
                "enforcement-service may write the rules topic",
                objects -> acls(objects, "enforcement-service")
                        .add(topicAcl("ipfence.rules.v1", AclResourcePatternType.LITERAL, AclOperation.WRITE)));
        mutations.put(
                "audit-service may do all on topics prefixed ipfence.",
                objects -> acls(objects, "audit-service")
                        .add(topicAcl("ipfence.", AclResourcePatternType.PREFIX, AclOperation.ALL)));
        mutations.put("a fourth user may write every topic", objects -> objects.addAll(parse("""
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaUser
                metadata:
                  name: debug
                  labels:
                    strimzi.io/cluster: ipfence-kafka
                spec:
                  authentication:
                    type: scram-sha-512
                  authorization:
                    type: simple
                    acls:
                      - resource: {type: topic, name: "*", patternType: literal}
                        operations: [Write]
                """)));
        mutations.put(
                "rule-service without IdempotentWrite",
                objects -> acls(objects, "rule-service")
                        .removeIf(acl -> acl.getResource() instanceof AclRuleClusterResource));
        mutations.put(
                "audit-service may read every group",
                objects -> acls(objects, "audit-service")
                        .add(new AclRuleBuilder()
                                .withNewAclRuleGroupResource()
                                .withName("*")
                                .withPatternType(AclResourcePatternType.LITERAL)
                                .endAclRuleGroupResource()
                                .withOperations(AclOperation.READ)
                                .build()));
        mutations.put(
                "a user without ACLs (simple authorization off for it)",
                objects -> user(objects, "audit-service").getSpec().setAuthorization(null));
        mutations.put(
                "a user with a certificate instead of a password",
                objects -> user(objects, "rule-service")
                        .getSpec()
                        .setAuthentication(new KafkaUserTlsClientAuthentication()));
        mutations.put(
                "a user of another cluster",
                objects ->
                        user(objects, "rule-service").getMetadata().getLabels().put("strimzi.io/cluster", "other"));
        // the services
        mutations.put(
                "enforcement-service logs in as rule-service",
                objects -> env(objects, "enforcement-service", "KAFKA_SASL_JAAS_CONFIG")
                        .getValueFrom()
                        .getSecretKeyRef()
                        .setName(kafkaUser("rule-service")));
        mutations.put(
                "the password key instead of the JAAS config",
                objects -> env(objects, "audit-service", "KAFKA_SASL_JAAS_CONFIG")
                        .getValueFrom()
                        .getSecretKeyRef()
                        .setKey("password"));
        mutations.put("a password literal", objects -> {
            EnvVar jaas = env(objects, "rule-service", "KAFKA_SASL_JAAS_CONFIG");
            jaas.setValueFrom(null);
            jaas.setValue("org.apache.kafka.common.security.scram.ScramLoginModule required"
                    + " username=\"ipfence-rule-service\" password=\"secret\";");
        });
        mutations.put("the user's Secret shipped with a password", objects -> objects.addAll(parse("""
                apiVersion: v1
                kind: Secret
                metadata:
                  name: ipfence-rule-service
                stringData:
                  password: secret
                  sasl.jaas.config: org.apache.kafka.common.security.scram.ScramLoginModule required;
                """)));
        mutations.put(
                "no JAAS config",
                objects -> containerOf(objects, "audit-service")
                        .getEnv()
                        .removeIf(e -> e.getName().equals("KAFKA_SASL_JAAS_CONFIG")));
        mutations.put(
                "no cluster CA to trust",
                objects -> containerOf(objects, "rule-service")
                        .getEnv()
                        .removeIf(e -> e.getName().equals("KAFKA_SSL_TRUSTSTORE_CERTIFICATES")));
        mutations.put(
                "PLAINTEXT for every service",
                objects -> configMap(objects, "ipfence-config").getData().put("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT"));
        mutations.put(
                "a weaker mechanism",
                objects -> configMap(objects, "ipfence-config").getData().put("KAFKA_SASL_MECHANISM", "PLAIN"));
        mutations.put(
                "one Deployment overriding the protocol",
                objects -> containerOf(objects, "audit-service")
                        .getEnv()
                        .add(new EnvVar("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT", null)));
        mutations.put(
                "the bootstrap address on another port",
                objects -> configMap(objects, "ipfence-config")
                        .getData()
                        .put("IPFENCE_KAFKA_BOOTSTRAP", "ipfence-kafka-kafka-bootstrap:9092"));
        // the network
        mutations.put(
                "listener without peers (Strimzi opens it to every pod)",
                objects -> clientListener(objects).setNetworkPolicyPeers(null));
        mutations.put(
                "listener open to a whole namespace",
                objects -> clientListener(objects)
                        .getNetworkPolicyPeers()
                        .add(new NetworkPolicyPeerBuilder()
                                .withNewNamespaceSelector()
                                .endNamespaceSelector()
                                .build()));
        mutations.put(
                "listener peers without audit-service",
                objects -> clientListener(objects)
                        .getNetworkPolicyPeers()
                        .removeIf(peer -> peer.getPodSelector().getMatchLabels().containsValue("audit-service")));
        mutations.put(
                "no NetworkPolicy of ours for the brokers",
                objects -> objects.removeIf(o ->
                        o instanceof NetworkPolicy && o.getMetadata().getName().equals("kafka-from-services")));
        mutations.put(
                "the client port from the ingress controller too",
                objects -> clientRule(objects)
                        .getFrom()
                        .add(new NetworkPolicyPeerBuilder()
                                .withNewNamespaceSelector()
                                .addToMatchLabels("kubernetes.io/metadata.name", "ingress-nginx")
                                .endNamespaceSelector()
                                .build()));
        mutations.put(
                "the client port from everywhere",
                objects -> clientRule(objects).setFrom(new ArrayList<>()));
        mutations.put(
                "the client port without audit-service",
                objects -> clientRule(objects)
                        .getFrom()
                        .removeIf(peer -> peer.getPodSelector().getMatchLabels().containsValue("audit-service")));
        mutations.put(
                "a Strimzi rule for every port",
                objects -> brokerPolicy(objects).getSpec().getIngress().get(1).setPorts(null));
        mutations.forEach((name, mutation) -> {
            List<HasMetadata> objects = new ArrayList<>(parse(yaml));
            mutation.accept(objects);
            assertThatThrownBy(() -> assertKafkaSecured(objects)).as(name).isInstanceOf(AssertionError.class);
        });
    }

    private static void assertKafkaAuthenticatesAndAuthorizes(List<HasMetadata> objects) {
        Kafka kafka = kafka(objects);
        List<GenericKafkaListener> listeners = kafka.getSpec().getKafka().getListeners();
        assertThat(listeners).as("Kafka listeners").isNotEmpty();
        for (GenericKafkaListener listener : listeners) {
            assertThat(listener.getAuth())
                    .as("authentication of listener %s", listener.getName())
                    .isInstanceOf(KafkaListenerAuthenticationScramSha512.class);
            assertThat(listener.isTls())
                    .as("TLS on listener %s", listener.getName())
                    .isTrue();
        }
        assertThat(listeners).as("the listener of IPFENCE_KAFKA_BOOTSTRAP").contains(clientListener(objects));
        assertThat(kafka.getSpec().getKafka().getAuthorization())
                .as("authorization of the cluster")
                .isInstanceOfSatisfying(
                        KafkaAuthorizationSimple.class,
                        simple -> assertThat(nullSafe(simple.getSuperUsers()))
                                .as("super users (Strimzi's own components need none)")
                                .isEmpty());
        assertThat(kafka.getSpec().getEntityOperator().getUserOperator())
                .as("the User Operator that makes the KafkaUsers")
                .isNotNull();
    }

    private static void assertKafkaUsersLeastPrivilege(List<HasMetadata> objects) {
        String cluster = kafka(objects).getMetadata().getName();
        List<KafkaUser> users = ofType(objects, KafkaUser.class);
        // first what closes the attack: nobody but rule-service publishes rules
        Set<String> rulesWriters = new TreeSet<>();
        for (KafkaUser user : users) {
            for (AclRule acl : aclsOf(user)) {
                if (operations(acl).stream().anyMatch(op -> mayWrite(acl, op, Topic.RULES.topicName()))) {
                    rulesWriters.add(user.getMetadata().getName());
                }
            }
        }
        assertThat(rulesWriters)
                .as("users that may write %s", Topic.RULES.topicName())
                .containsExactly(kafkaUser("rule-service"));
        assertThat(users.stream().map(u -> u.getMetadata().getName()))
                .as("one KafkaUser per service")
                .containsExactlyInAnyOrderElementsOf(
                        SERVICES.stream().map(ManifestsTest::kafkaUser).toList());
        for (String service : SERVICES) {
            KafkaUser user = user(objects, service);
            String name = user.getMetadata().getName();
            assertThat(user.getMetadata().getLabels())
                    .as("cluster of %s", name)
                    .containsEntry("strimzi.io/cluster", cluster);
            assertThat(user.getSpec().getAuthentication())
                    .as("authentication of %s", name)
                    .isInstanceOf(KafkaUserScramSha512ClientAuthentication.class);
            assertThat(user.getSpec().getAuthorization())
                    .as("ACLs of %s", name)
                    .isInstanceOf(KafkaUserAuthorizationSimple.class);
            Set<String> granted = new TreeSet<>();
            for (AclRule acl : aclsOf(user)) {
                assertThat(acl.getType() == null || acl.getType() == AclRuleType.ALLOW)
                        .as("%s: allow rules only", name)
                        .isTrue();
                assertThat(acl.getHost() == null || acl.getHost().equals("*"))
                        .as("%s: any host", name)
                        .isTrue();
                operations(acl).forEach(operation -> granted.add(acl(acl) + ":" + operation.toValue()));
            }
            assertThat(granted).as("ACLs of %s", name).isEqualTo(new TreeSet<>(KAFKA_ACLS.get(service)));
        }
    }

    private static List<AclRule> aclsOf(KafkaUser user) {
        return user.getSpec().getAuthorization() instanceof KafkaUserAuthorizationSimple simple
                ? nullSafe(simple.getAcls())
                : List.of();
    }

    private static List<AclOperation> operations(AclRule acl) {
        List<AclOperation> operations = new ArrayList<>(nullSafe(acl.getOperations()));
        if (acl.getOperation() != null) {
            operations.add(acl.getOperation());
        }
        return operations;
    }

    /** type:name of a literal resource; anything else (a prefix, a wildcard) is refused here. */
    private static String acl(AclRule acl) {
        if (acl.getResource() instanceof AclRuleClusterResource) {
            return "cluster:";
        }
        String type;
        String name;
        AclResourcePatternType pattern;
        if (acl.getResource() instanceof AclRuleTopicResource topic) {
            type = "topic";
            name = topic.getName();
            pattern = topic.getPatternType();
        } else if (acl.getResource() instanceof AclRuleGroupResource group) {
            type = "group";
            name = group.getName();
            pattern = group.getPatternType();
        } else if (acl.getResource() instanceof AclRuleTransactionalIdResource id) {
            type = "transactionalId";
            name = id.getName();
            pattern = id.getPatternType();
        } else {
            throw new AssertionError("unknown ACL resource " + acl.getResource());
        }
        return type + ":" + name + (pattern == AclResourcePatternType.PREFIX ? "*" : "");
    }

    /** Whether an allow rule lets its user write a topic: its name, a prefix of it or *, Write or All. */
    private static boolean mayWrite(AclRule acl, AclOperation operation, String topic) {
        if (!(acl.getResource() instanceof AclRuleTopicResource resource)
                || (operation != AclOperation.WRITE && operation != AclOperation.ALL)
                || acl.getType() == AclRuleType.DENY) {
            return false;
        }
        return resource.getName().equals("*")
                || resource.getName().equals(topic)
                || (resource.getPatternType() == AclResourcePatternType.PREFIX && topic.startsWith(resource.getName()));
    }

    private static void assertServicesLogInAsTheirOwnUser(List<HasMetadata> objects) {
        String caSecret = kafka(objects).getMetadata().getName() + "-cluster-ca-cert";
        String bootstrap = configMap(objects, "ipfence-config").getData().get("IPFENCE_KAFKA_BOOTSTRAP");
        assertThat(bootstrap)
                .as("IPFENCE_KAFKA_BOOTSTRAP: the client listener")
                .isEqualTo(kafka(objects).getMetadata().getName() + "-kafka-bootstrap:" + clientPort(objects));
        Container console = containerOf(objects, CONSOLE);
        assertThat(literalKafkaSettings(objects, console))
                .as("the console gets no Kafka settings")
                .isEmpty();
        assertThat(nullSafe(console.getEnv()).stream().map(EnvVar::getName))
                .as("the console gets no Kafka login and no database")
                .noneMatch(name -> name.startsWith("KAFKA_") || name.startsWith("IPFENCE_DB_"));
        for (String service : SERVICES) {
            Container container = containerOf(objects, service);
            Map<String, String> settings = literalKafkaSettings(objects, container);
            assertThat(settings)
                    .as("Kafka client settings of %s", service)
                    .isEqualTo(Map.of(
                            "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                            "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                            "KAFKA_SSL_TRUSTSTORE_TYPE", "PEM"));
            assertThat(secretOf(container, "KAFKA_SASL_JAAS_CONFIG"))
                    .as("the login of %s: its own KafkaUser's Secret", service)
                    .isEqualTo(kafkaUser(service) + "/" + JAAS_KEY);
            assertThat(secretOf(container, "KAFKA_SSL_TRUSTSTORE_CERTIFICATES"))
                    .as("the brokers' CA for %s", service)
                    .isEqualTo(caSecret + "/ca.crt");
            assertThat(nullSafe(container.getEnvFrom()).stream().filter(from -> from.getSecretRef() != null))
                    .as("%s: no Secret read whole (a KafkaUser's would set PASSWORD, not Kafka settings)", service)
                    .isEmpty();
        }
        KubernetesSerialization serialization = new KubernetesSerialization();
        for (HasMetadata object : objects) {
            String text = serialization.asYaml(object);
            if (!(object instanceof Deployment)) {
                assertThat(text)
                        .as("%s holds no Kafka login", name(object))
                        .doesNotContain("LoginModule")
                        .doesNotContain(JAAS_KEY.toUpperCase().replace('.', '_'));
            }
        }
        assertThat(ofType(objects, Secret.class).stream()
                        .map(s -> s.getMetadata().getName()))
                .as("the KafkaUsers' Secrets are made by the User Operator, never shipped")
                .doesNotContainAnyElementsOf(
                        SERVICES.stream().map(ManifestsTest::kafkaUser).toList());
    }

    /**
     * The KAFKA_* settings a container gets as values (ConfigMaps it reads, then its own env);
     * KAFKA_SASL_JAAS_CONFIG and the CA must come from Secrets, never as a value.
     */
    private static Map<String, String> literalKafkaSettings(List<HasMetadata> objects, Container container) {
        Map<String, String> settings = new java.util.HashMap<>();
        for (EnvFromSource from : nullSafe(container.getEnvFrom())) {
            if (from.getConfigMapRef() != null) {
                configMap(objects, from.getConfigMapRef().getName()).getData().forEach((key, value) -> {
                    if (key.startsWith("KAFKA_")) {
                        settings.put(key, value);
                    }
                });
            }
        }
        for (EnvVar env : nullSafe(container.getEnv())) {
            if (env.getName().startsWith("KAFKA_")) {
                if (env.getValueFrom() == null) {
                    settings.put(env.getName(), env.getValue());
                } else if (env.getValueFrom().getSecretKeyRef() == null) {
                    settings.put(env.getName(), "not from a Secret");
                } else {
                    settings.remove(env.getName());
                }
            }
        }
        return settings;
    }

    /** secret/key of a container's env variable, or null when it is not read from a Secret. */
    private static String secretOf(Container container, String variable) {
        return nullSafe(container.getEnv()).stream()
                .filter(e -> e.getName().equals(variable))
                .filter(e -> e.getValue() == null
                        && e.getValueFrom() != null
                        && e.getValueFrom().getSecretKeyRef() != null)
                .map(e -> e.getValueFrom().getSecretKeyRef().getName() + "/"
                        + e.getValueFrom().getSecretKeyRef().getKey())
                .findFirst()
                .orElse(null);
    }

    /**
     * The client listener is reachable only from the three services: Strimzi's own NetworkPolicy
     * for the brokers follows the listener's peers (no peers: every pod), ours holds the same line,
     * and every other port of ours is open only to Strimzi's pods.
     */
    private static void assertBrokersOnlyFromServices(List<HasMetadata> objects) {
        List<Deployment> deployments = ofType(objects, Deployment.class);
        for (GenericKafkaListener listener : kafka(objects).getSpec().getKafka().getListeners()) {
            assertThat(nullSafe(listener.getNetworkPolicyPeers()))
                    .as("peers of listener %s (none: Strimzi lets every pod in)", listener.getName())
                    .isNotEmpty();
            assertThat(admittedServices(listener.getNetworkPolicyPeers(), deployments))
                    .as("pods admitted to listener %s", listener.getName())
                    .isEqualTo(new TreeSet<>(SERVICES));
        }
        Map<String, String> brokerLabels = brokerPodLabels(objects);
        List<NetworkPolicy> policies = ofType(objects, NetworkPolicy.class).stream()
                .filter(p -> matches(p.getSpec().getPodSelector(), brokerLabels))
                .toList();
        assertThat(policies).as("NetworkPolicies of the brokers").isNotEmpty();
        int port = clientPort(objects);
        Set<String> admitted = new TreeSet<>();
        for (NetworkPolicy policy : policies) {
            assertThat(policy.getSpec().getPolicyTypes())
                    .as("%s restricts ingress", policy.getMetadata().getName())
                    .contains("Ingress");
            for (NetworkPolicyIngressRule rule : nullSafe(policy.getSpec().getIngress())) {
                List<NetworkPolicyPort> ports = nullSafe(rule.getPorts());
                boolean client = ports.isEmpty()
                        || ports.stream()
                                .anyMatch(p -> p.getPort() == null
                                        || p.getPort().getIntVal() == null
                                        || p.getPort().getIntVal() == port);
                assertThat(nullSafe(rule.getFrom()))
                        .as(
                                "%s: a rule with peers (none: every pod)",
                                policy.getMetadata().getName())
                        .isNotEmpty();
                if (client) {
                    admitted.addAll(admittedServices(rule.getFrom(), deployments));
                } else {
                    for (NetworkPolicyPeer peer : rule.getFrom()) {
                        assertThat(peer.getIpBlock()).isNull();
                        assertThat(peer.getPodSelector()).isNotNull();
                        assertThat(peer.getPodSelector().getMatchLabels())
                                .as(
                                        "%s: Strimzi's ports only from Strimzi's pods",
                                        policy.getMetadata().getName())
                                .isNotEmpty()
                                .allSatisfy((key, value) -> assertThat(key).startsWith("strimzi.io/"));
                    }
                }
            }
        }
        assertThat(admitted).as("pods admitted to the client port %s", port).isEqualTo(new TreeSet<>(SERVICES));
    }

    /** The services these peers admit; fails on a peer that is not exactly one service's pods. */
    private static Set<String> admittedServices(List<NetworkPolicyPeer> peers, List<Deployment> deployments) {
        Set<String> admitted = new TreeSet<>();
        for (NetworkPolicyPeer peer : peers) {
            assertThat(peer.getNamespaceSelector())
                    .as("a peer across namespaces: %s", peer)
                    .isNull();
            assertThat(peer.getIpBlock()).as("an address block: %s", peer).isNull();
            assertThat(peer.getPodSelector()).as("a pod selector: %s", peer).isNotNull();
            assertThat(peer.getPodSelector().getMatchLabels())
                    .as("labels of %s", peer)
                    .isNotEmpty();
            List<String> selected = deployments.stream()
                    .filter(d -> matches(
                            peer.getPodSelector(),
                            d.getSpec().getTemplate().getMetadata().getLabels()))
                    // a service's pods: its Deployment, or each pool of it
                    .map(d ->
                            d.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/name"))
                    .distinct()
                    .toList();
            assertThat(selected).as("services selected by %s", peer).hasSize(1);
            admitted.addAll(selected);
        }
        return admitted;
    }

    /** The labels Strimzi puts on the broker pods of the node pool. */
    private static Map<String, String> brokerPodLabels(List<HasMetadata> objects) {
        String cluster = kafka(objects).getMetadata().getName();
        KafkaNodePool pool = ofType(objects, KafkaNodePool.class).get(0);
        return Map.of(
                "strimzi.io/cluster",
                cluster,
                "strimzi.io/kind",
                "Kafka",
                "strimzi.io/name",
                cluster + "-kafka",
                "strimzi.io/pool-name",
                pool.getMetadata().getName(),
                "strimzi.io/broker-role",
                "true");
    }

    private static Kafka kafka(List<HasMetadata> objects) {
        List<Kafka> kafka = ofType(objects, Kafka.class);
        assertThat(kafka).as("one Kafka").hasSize(1);
        return kafka.get(0);
    }

    /** The listener IPFENCE_KAFKA_BOOTSTRAP points at: the first one, the services' only one. */
    private static GenericKafkaListener clientListener(List<HasMetadata> objects) {
        return kafka(objects).getSpec().getKafka().getListeners().get(0);
    }

    private static int clientPort(List<HasMetadata> objects) {
        return clientListener(objects).getPort();
    }

    private static KafkaUser user(List<HasMetadata> objects, String service) {
        return ofType(objects, KafkaUser.class).stream()
                .filter(u -> u.getMetadata().getName().equals(kafkaUser(service)))
                .findFirst()
                .orElseThrow();
    }

    private static List<AclRule> acls(List<HasMetadata> objects, String service) {
        return ((KafkaUserAuthorizationSimple) user(objects, service).getSpec().getAuthorization()).getAcls();
    }

    private static AclRule topicAcl(String name, AclResourcePatternType pattern, AclOperation operation) {
        return new AclRuleBuilder()
                .withNewAclRuleTopicResource()
                .withName(name)
                .withPatternType(pattern)
                .endAclRuleTopicResource()
                .withOperations(operation)
                .build();
    }

    /**
     * The sharded overlay: two enforcement pools, shard 0 and 1 of 2, each with its own Service
     * selecting only its pods, autoscaler and disruption budget, and everything the production
     * overlay checks.
     */
    @Test
    void shardedOverlayRunsOneEnforcementPoolPerShard() throws Exception {
        List<HasMetadata> objects = parse(render(K8S.resolve("overlays").resolve("sharded")));
        objects.forEach(ManifestsTest::assertNoUnknownFields);
        List<Deployment> deployments = ofType(objects, Deployment.class);
        deployments.forEach(ManifestsTest::assertHardenedAndProbed);
        assertServicesSelectDeployments(ofType(objects, Service.class), deployments);
        assertIngressBackendsExist(ofType(objects, Ingress.class), ofType(objects, Service.class));
        assertReferencesExist(objects, deployments);
        assertTopicsMatchTheEventContract(objects, deployments);
        assertNetworkPoliciesSelectPods(objects, ofType(objects, NetworkPolicy.class), deployments);
        assertKafkaSecured(objects);
        List<Deployment> pools = deployments.stream()
                .filter(d -> d.getMetadata().getName().startsWith("enforcement-service"))
                .toList();
        assertThat(pools).hasSize(2);
        Set<String> indexes = new TreeSet<>();
        for (Deployment pool : pools) {
            String name = pool.getMetadata().getName();
            Container container = containerOf(objects, name);
            assertCheckpointOnAWritableVolume(container);
            Map<String, String> env = nullSafe(container.getEnv()).stream()
                    .filter(e -> e.getValue() != null)
                    .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
            assertThat(env).as("shard count of %s", name).containsEntry("IPFENCE_ENFORCEMENT_SHARD_COUNT", "2");
            String index = env.get("IPFENCE_ENFORCEMENT_SHARD_INDEX");
            indexes.add(index);
            Map<String, String> labels =
                    pool.getSpec().getTemplate().getMetadata().getLabels();
            assertThat(labels).as("pod labels of %s", name).containsEntry("ipfence.dev/shard", index);
            assertThat(ofType(objects, HorizontalPodAutoscaler.class).stream()
                            .filter(h ->
                                    h.getSpec().getScaleTargetRef().getName().equals(name)))
                    .as("autoscaler of %s", name)
                    .hasSize(1);
            assertThat(ofType(objects, PodDisruptionBudget.class).stream()
                            .filter(b -> matches(b.getSpec().getSelector(), labels)))
                    .as("disruption budgets of %s", name)
                    .hasSize(1);
        }
        assertThat(indexes).containsExactly("0", "1");
    }

    /** The forward-auth port as enforcement-service is configured with it. */
    private static String forwardAuthPort(List<HasMetadata> objects) {
        String port = enforcementConfig(objects).getData().get("IPFENCE_FORWARD_AUTH_PORT");
        assertThat(port).as("IPFENCE_FORWARD_AUTH_PORT in enforcement-config").isNotBlank();
        return port;
    }

    /** The configured forward-auth port is the container's, the Service's and let through from the proxies. */
    private static void assertForwardAuthPortReachable(List<HasMetadata> objects) {
        int port = Integer.parseInt(forwardAuthPort(objects));
        assertThat(containerOf(objects, "enforcement-service").getPorts())
                .as("the container's forward-auth port")
                .anySatisfy(p -> {
                    assertThat(p.getName()).isEqualTo("forward-auth");
                    assertThat(p.getContainerPort()).isEqualTo(port);
                });
        Service service = ofType(objects, Service.class).stream()
                .filter(s -> s.getMetadata().getName().equals("enforcement-service"))
                .findFirst()
                .orElseThrow();
        assertThat(service.getSpec().getPorts())
                .as("the Service's forward-auth port")
                .anySatisfy(p -> {
                    assertThat(p.getPort()).isEqualTo(port);
                    assertThat(p.getTargetPort().getStrVal()).isEqualTo("forward-auth");
                });
        NetworkPolicy fromProxies = ofType(objects, NetworkPolicy.class).stream()
                .filter(p -> p.getMetadata().getName().equals("enforcement-service-from-proxies"))
                .findFirst()
                .orElseThrow();
        assertThat(fromProxies.getSpec().getIngress().stream()
                        .flatMap(rule -> rule.getPorts().stream())
                        .map(p -> p.getPort().getIntVal()))
                .as("the proxies may reach the forward-auth port")
                .contains(port);
    }

    private static Container containerOf(List<HasMetadata> objects, String service) {
        return ofType(objects, Deployment.class).stream()
                .filter(d -> d.getMetadata().getName().equals(service))
                .flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container of " + service));
    }

    @Test
    void checkpointCheckFailsWithoutItsVolume() throws Exception {
        Container container = containerOf(parse(render(K8S.resolve("overlays").resolve("dev"))), "enforcement-service");
        container.getVolumeMounts().removeIf(mount -> mount.getName().equals("checkpoint"));
        assertThatThrownBy(() -> assertCheckpointOnAWritableVolume(container)).isInstanceOf(AssertionError.class);
    }

    /** The read-only root leaves enforcement's checkpoint directory writable only on a volume. */
    private static void assertCheckpointOnAWritableVolume(Container container) {
        String dir = container.getEnv().stream()
                .filter(e -> e.getName().equals("IPFENCE_ENFORCEMENT_CHECKPOINT_DIR"))
                .map(EnvVar::getValue)
                .findFirst()
                .orElseThrow(() -> new AssertionError("enforcement-service sets no checkpoint dir"));
        assertThat(container.getVolumeMounts())
                .as("a volume mounted at or above %s", dir)
                .anySatisfy(mount -> {
                    assertThat(dir + "/").startsWith(mount.getMountPath() + "/");
                    assertThat(mount.getReadOnly()).isNotEqualTo(Boolean.TRUE);
                });
    }

    private static EnvVar env(List<HasMetadata> objects, String service, String name) {
        return containerOf(objects, service).getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static ConfigMap configMap(List<HasMetadata> objects, String name) {
        return ofType(objects, ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap " + name));
    }

    private static NetworkPolicy brokerPolicy(List<HasMetadata> objects) {
        return ofType(objects, NetworkPolicy.class).stream()
                .filter(p -> p.getMetadata().getName().equals("kafka-from-services"))
                .findFirst()
                .orElseThrow();
    }

    private static NetworkPolicyIngressRule clientRule(List<HasMetadata> objects) {
        int port = clientPort(objects);
        return brokerPolicy(objects).getSpec().getIngress().stream()
                .filter(rule -> nullSafe(rule.getPorts()).stream()
                        .anyMatch(p -> p.getPort().getIntVal() == port))
                .findFirst()
                .orElseThrow();
    }

    private static void assertHardenedAndProbed(Deployment deployment) {
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        String name = deployment.getMetadata().getName();
        assertThat(pod.getSecurityContext().getRunAsNonRoot())
                .as("%s runs as non-root", name)
                .isTrue();
        // one service account per service: the pools of enforcement-service share theirs
        assertThat(pod.getServiceAccountName())
                .as("%s has its service's own service account", name)
                .isEqualTo(deployment
                        .getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getLabels()
                        .get("app.kubernetes.io/name"));
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                .as("%s is scraped", name)
                .containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/path", "/q/metrics");
        for (Container container : pod.getContainers()) {
            String image = container.getImage();
            assertThat(image).as("%s image tag is pinned", name).contains(":").doesNotEndWith(":latest");
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
            assertThat(container.getResources().getRequests())
                    .as("%s requests", name)
                    .containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits())
                    .as("%s limits", name)
                    .containsKey("memory");
            assertThat(container.getSecurityContext().getReadOnlyRootFilesystem())
                    .as("%s read-only root", name)
                    .isTrue();
            assertThat(container.getSecurityContext().getAllowPrivilegeEscalation())
                    .isFalse();
            Set<String> ports =
                    container.getPorts().stream().map(p -> p.getName()).collect(Collectors.toSet());
            assertThat(ports)
                    .as("%s names its probe port", name)
                    .contains(
                            container.getReadinessProbe().getHttpGet().getPort().getStrVal());
        }
    }

    private static void assertServicesSelectDeployments(List<Service> services, List<Deployment> deployments) {
        for (Service service : services) {
            Map<String, String> selector = service.getSpec().getSelector();
            List<Deployment> selected = deployments.stream()
                    .filter(d -> d.getSpec()
                            .getTemplate()
                            .getMetadata()
                            .getLabels()
                            .entrySet()
                            .containsAll(selector.entrySet()))
                    .toList();
            assertThat(selected)
                    .as("pods selected by Service %s", service.getMetadata().getName())
                    .hasSize(1);
            Set<String> containerPorts = selected.get(0).getSpec().getTemplate().getSpec().getContainers().stream()
                    .flatMap(c -> c.getPorts().stream())
                    .map(p -> p.getName())
                    .collect(Collectors.toSet());
            service.getSpec()
                    .getPorts()
                    .forEach(port -> assertThat(containerPorts)
                            .as(
                                    "target port of Service %s",
                                    service.getMetadata().getName())
                            .contains(port.getTargetPort().getStrVal()));
        }
    }

    private static void assertIngressBackendsExist(List<Ingress> ingresses, List<Service> services) {
        assertThat(ingresses).isNotEmpty();
        Map<String, Service> byName =
                services.stream().collect(Collectors.toMap(s -> s.getMetadata().getName(), s -> s));
        for (Ingress ingress : ingresses) {
            for (var rule : ingress.getSpec().getRules()) {
                for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                    var backend = path.getBackend().getService();
                    Service service = byName.get(backend.getName());
                    assertThat(service)
                            .as("Service of ingress path %s", path.getPath())
                            .isNotNull();
                    assertThat(service.getSpec().getPorts().stream().map(p -> p.getName()))
                            .as("port of ingress path %s", path.getPath())
                            .contains(backend.getPort().getName());
                }
            }
        }
    }

    /** Every ConfigMap and Secret a pod reads exists, or is made by an operator declared here. */
    private static void assertReferencesExist(List<HasMetadata> objects, List<Deployment> deployments) {
        Set<String> configMaps = names(objects, "ConfigMap");
        Set<String> secrets = names(objects, "Secret");
        // CloudNativePG creates <cluster>-app for every Cluster
        names(objects, "Cluster").forEach(cluster -> secrets.add(cluster + "-app"));
        // Strimzi's User Operator creates a Secret per KafkaUser, its Cluster Operator <cluster>-cluster-ca-cert
        secrets.addAll(names(objects, "KafkaUser"));
        names(objects, "Kafka").forEach(cluster -> secrets.add(cluster + "-cluster-ca-cert"));
        for (Deployment deployment : deployments) {
            for (Container container :
                    deployment.getSpec().getTemplate().getSpec().getContainers()) {
                for (EnvFromSource from : nullSafe(container.getEnvFrom())) {
                    if (from.getConfigMapRef() != null) {
                        assertThat(configMaps).contains(from.getConfigMapRef().getName());
                    }
                    if (from.getSecretRef() != null) {
                        assertThat(secrets).contains(from.getSecretRef().getName());
                    }
                }
                for (EnvVar env : nullSafe(container.getEnv())) {
                    if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                        assertThat(secrets)
                                .as("Secret of %s", env.getName())
                                .contains(env.getValueFrom().getSecretKeyRef().getName());
                    }
                    if (env.getValueFrom() != null && env.getValueFrom().getConfigMapKeyRef() != null) {
                        assertThat(configMaps)
                                .contains(
                                        env.getValueFrom().getConfigMapKeyRef().getName());
                    }
                }
            }
        }
    }

    private static void assertTopicsMatchTheEventContract(List<HasMetadata> objects, List<Deployment> deployments) {
        List<io.strimzi.api.kafka.model.topic.KafkaTopic> topics =
                ofType(objects, io.strimzi.api.kafka.model.topic.KafkaTopic.class);
        Set<String> expected = new TreeSet<>(DEAD_LETTER_TOPICS.keySet());
        Topic.all().forEach(topic -> expected.add(topic.topicName()));
        assertThat(topics.stream().map(t -> t.getSpec().getTopicName())).containsExactlyInAnyOrderElementsOf(expected);
        int nodes = ofType(objects, KafkaNodePool.class).get(0).getSpec().getReplicas();
        for (var resource : topics) {
            String name = resource.getSpec().getTopicName();
            assertThat(resource.getSpec().getReplicas())
                    .as("replicas of %s", name)
                    .isBetween(1, nodes);
            assertThat(Integer.parseInt(
                            String.valueOf(resource.getSpec().getConfig().get("min.insync.replicas"))))
                    .as("min.insync.replicas of %s", name)
                    .isBetween(1, Math.max(1, resource.getSpec().getReplicas() - 1));
            Topic topic = Topic.all().stream()
                    .filter(t -> t.topicName().equals(name))
                    .findFirst()
                    .orElse(null);
            if (topic == null) {
                // a dead-letter topic: deleted after its retention, kept at least as long as the attempts
                assertThat(resource.getSpec().getConfig())
                        .as("configuration of %s", name)
                        .containsEntry("cleanup.policy", "delete");
                assertThat(Long.parseLong(
                                String.valueOf(resource.getSpec().getConfig().get("retention.ms"))))
                        .as("retention of %s", name)
                        .isGreaterThanOrEqualTo(
                                Long.parseLong(Topic.BLOCKED_ATTEMPTS.configs().get("retention.ms")));
                continue;
            }
            assertThat(resource.getSpec().getPartitions()).isEqualTo(topic.partitions());
            Map<String, Object> config = resource.getSpec().getConfig();
            topic.configs()
                    .forEach((key, value) -> assertThat(String.valueOf(config.get(key)))
                            .as("%s of %s", key, topic.topicName())
                            .isEqualTo(value));
        }
        var kafka = ofType(objects, io.strimzi.api.kafka.model.kafka.Kafka.class);
        assertThat(kafka).hasSize(1);
        assertThat(ofType(objects, io.strimzi.api.kafka.model.nodepool.KafkaNodePool.class))
                .singleElement()
                .satisfies(pool -> assertThat(pool.getMetadata().getLabels())
                        .containsEntry(
                                "strimzi.io/cluster", kafka.get(0).getMetadata().getName()));
        String bootstrap = objects.stream()
                .filter(o -> o.getKind().equals("ConfigMap")
                        && o.getMetadata().getName().equals("ipfence-config"))
                .map(o -> ((io.fabric8.kubernetes.api.model.ConfigMap) o)
                        .getData()
                        .get("IPFENCE_KAFKA_BOOTSTRAP"))
                .findFirst()
                .orElseThrow();
        assertThat(bootstrap)
                .isEqualTo(kafka.get(0).getMetadata().getName() + "-kafka-bootstrap:" + clientPort(objects));
        assertThat(deployments).isNotEmpty();
    }

    private static void assertNetworkPoliciesSelectPods(
            List<HasMetadata> objects, List<NetworkPolicy> policies, List<Deployment> deployments) {
        assertThat(policies).isNotEmpty();
        for (NetworkPolicy policy : policies) {
            var selector = policy.getSpec().getPodSelector();
            boolean database = selector.getMatchLabels() != null
                    && selector.getMatchLabels().containsKey("cnpg.io/cluster");
            if (database) {
                continue;
            }
            if (selector.getMatchLabels() != null && selector.getMatchLabels().containsKey("strimzi.io/cluster")) {
                assertThat(matches(selector, brokerPodLabels(objects)))
                        .as(
                                "NetworkPolicy %s selects the brokers",
                                policy.getMetadata().getName())
                        .isTrue();
                continue;
            }
            long selected = deployments.stream()
                    .filter(d -> matches(
                            selector, d.getSpec().getTemplate().getMetadata().getLabels()))
                    .count();
            assertThat(selected)
                    .as("pods of NetworkPolicy %s", policy.getMetadata().getName())
                    .isPositive();
        }
        assertThat(policies.stream().filter(p -> p.getMetadata().getName().startsWith("enforcement-service")))
                .as("decision endpoints restricted")
                .hasSize(1);
    }

    private static void assertProductionScaling(List<HasMetadata> objects, List<Deployment> deployments) {
        List<HorizontalPodAutoscaler> autoscalers = ofType(objects, HorizontalPodAutoscaler.class);
        assertThat(autoscalers).singleElement().satisfies(hpa -> {
            assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("enforcement-service");
            assertThat(hpa.getSpec().getMetrics().get(0).getResource().getName())
                    .isEqualTo("cpu");
        });
        List<PodDisruptionBudget> budgets = ofType(objects, PodDisruptionBudget.class);
        for (Deployment deployment : deployments) {
            Map<String, String> labels =
                    deployment.getSpec().getTemplate().getMetadata().getLabels();
            assertThat(budgets.stream().filter(b -> matches(b.getSpec().getSelector(), labels)))
                    .as("PodDisruptionBudget of %s", deployment.getMetadata().getName())
                    .hasSize(1);
            assertThat(deployment
                            .getSpec()
                            .getTemplate()
                            .getSpec()
                            .getAffinity()
                            .getPodAntiAffinity())
                    .as("anti-affinity of %s", deployment.getMetadata().getName())
                    .isNotNull();
        }
    }

    private static boolean matches(io.fabric8.kubernetes.api.model.LabelSelector selector, Map<String, String> labels) {
        if (selector.getMatchLabels() != null
                && !labels.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
            return false;
        }
        for (var expression : nullSafe(selector.getMatchExpressions())) {
            String value = labels.get(expression.getKey());
            if (expression.getOperator().equals("In") && !expression.getValues().contains(value)) {
                return false;
            }
        }
        return true;
    }

    /** Fails on any field the typed models did not recognise (they keep such fields aside). */
    private static void assertNoUnknownFields(HasMetadata object) {
        List<String> unknown = new ArrayList<>();
        walk(object, name(object), unknown, new IdentityHashMap<>());
        assertThat(unknown).as("unknown fields in %s", name(object)).isEmpty();
    }

    private static void walk(Object value, String path, List<String> unknown, IdentityHashMap<Object, Boolean> seen) {
        if (value == null || seen.put(value, true) != null) {
            return;
        }
        if (value instanceof Collection<?> collection) {
            int i = 0;
            for (Object item : collection) {
                walk(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        String type = value.getClass().getName();
        if (value instanceof GenericKubernetesResource
                || !(type.startsWith("io.fabric8.kubernetes.api.model") || type.startsWith("io.strimzi.api"))) {
            return;
        }
        for (Method method : value.getClass().getMethods()) {
            if (method.getParameterCount() != 0
                    || !method.getName().startsWith("get")
                    || method.getName().equals("getClass")) {
                continue;
            }
            try {
                Object child = method.invoke(value);
                if (method.getName().equals("getAdditionalProperties")) {
                    if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        unknown.add(path + ": " + extra.keySet());
                    }
                } else if (child instanceof Map<?, ?> map) {
                    map.forEach((k, v) -> walk(v, path + "." + k, unknown, seen));
                } else {
                    walk(child, path + "." + method.getName().substring(3), unknown, seen);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static String render(Path overlay) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("kubectl", "kustomize", overlay.toString())
                .redirectErrorStream(false)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as("kubectl kustomize %s: %s", overlay, err)
                .isZero();
        assertThat(err).as("kustomize warnings").isBlank();
        return out;
    }

    static List<HasMetadata> parse(String yaml) {
        KubernetesSerialization serialization = new KubernetesSerialization();
        serialization.registerKubernetesResource(
                "kafka.strimzi.io/v1beta2", "Kafka", io.strimzi.api.kafka.model.kafka.Kafka.class);
        serialization.registerKubernetesResource(
                "kafka.strimzi.io/v1beta2", "KafkaNodePool", io.strimzi.api.kafka.model.nodepool.KafkaNodePool.class);
        serialization.registerKubernetesResource(
                "kafka.strimzi.io/v1beta2", "KafkaTopic", io.strimzi.api.kafka.model.topic.KafkaTopic.class);
        serialization.registerKubernetesResource("kafka.strimzi.io/v1beta2", "KafkaUser", KafkaUser.class);
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            if (document.lines().anyMatch(line -> line.startsWith("kind:"))) {
                objects.add(serialization.unmarshal(document));
            }
        }
        return objects;
    }

    private static <T> List<T> ofType(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static Set<String> names(List<HasMetadata> objects, String kind) {
        return objects.stream()
                .filter(o -> o.getKind().equals(kind))
                .map(o -> o.getMetadata().getName())
                .collect(Collectors.toCollection(java.util.HashSet::new));
    }

    private static String name(HasMetadata object) {
        return object.getKind() + "/" + object.getMetadata().getName();
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }
}
