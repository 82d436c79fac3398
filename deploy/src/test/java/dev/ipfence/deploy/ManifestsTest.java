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
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
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

    /** What IPFENCE_TRUSTED_PROXIES ships as: no network, so enforcement-service refuses to start with it. */
    static final String TRUSTED_PROXIES_PLACEHOLDER = "REPLACE-ME";

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
                .containsExactlyInAnyOrderElementsOf(SERVICES);
        deployments.forEach(ManifestsTest::assertHardenedAndProbed);
        assertServicesSelectDeployments(ofType(objects, Service.class), deployments);
        assertIngressBackendsExist(ofType(objects, Ingress.class), ofType(objects, Service.class));
        assertReferencesExist(objects, deployments);
        assertTopicsMatchTheEventContract(objects, deployments);
        assertNetworkPoliciesSelectPods(ofType(objects, NetworkPolicy.class), deployments);
        assertClientAddressIsLeftToTheOperator(objects);
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
    void proxyExamplesPointAtForwardAuth(String file) throws IOException {
        String yaml = Files.readString(K8S.resolve("examples").resolve(file));
        assertThat(yaml)
                .contains("enforcement-service.ipfence.svc.cluster.local")
                .contains("/v1/forward-auth?environmentId=");
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

    private static void assertHardenedAndProbed(Deployment deployment) {
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        String name = deployment.getMetadata().getName();
        assertThat(pod.getSecurityContext().getRunAsNonRoot())
                .as("%s runs as non-root", name)
                .isTrue();
        assertThat(pod.getServiceAccountName())
                .as("%s has its own service account", name)
                .isEqualTo(name);
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
        assertThat(topics.stream().map(t -> t.getSpec().getTopicName()))
                .containsExactlyInAnyOrderElementsOf(
                        Topic.all().stream().map(Topic::topicName).toList());
        for (var resource : topics) {
            Topic topic = Topic.all().stream()
                    .filter(t -> t.topicName().equals(resource.getSpec().getTopicName()))
                    .findFirst()
                    .orElseThrow();
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
        assertThat(bootstrap).isEqualTo(kafka.get(0).getMetadata().getName() + "-kafka-bootstrap:9092");
        assertThat(deployments).isNotEmpty();
    }

    private static void assertNetworkPoliciesSelectPods(List<NetworkPolicy> policies, List<Deployment> deployments) {
        assertThat(policies).isNotEmpty();
        for (NetworkPolicy policy : policies) {
            var selector = policy.getSpec().getPodSelector();
            boolean database = selector.getMatchLabels() != null
                    && selector.getMatchLabels().containsKey("cnpg.io/cluster");
            if (database) {
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
