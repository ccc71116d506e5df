package replex.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;

/**
 * The rendered kustomize overlays (k8s/overlays/dev and prod) against the Kubernetes API model
 * (fabric8) and against conf/kubernetes.conf, without a server: every object parses strictly (an
 * unknown or misplaced field fails), and what must agree across objects and with the node's
 * configuration does.
 */
class KubernetesManifestsIT {

    /** The kinds the overlays may contain, with their API group version and model class. */
    static final Map<String, Map.Entry<String, Class<? extends HasMetadata>>> KINDS = Map.of(
            "Namespace", Map.entry("v1", Namespace.class),
            "ServiceAccount", Map.entry("v1", ServiceAccount.class),
            "Role", Map.entry("rbac.authorization.k8s.io/v1", Role.class),
            "RoleBinding", Map.entry("rbac.authorization.k8s.io/v1", RoleBinding.class),
            "ConfigMap", Map.entry("v1", ConfigMap.class),
            "Service", Map.entry("v1", Service.class),
            "Deployment", Map.entry("apps/v1", Deployment.class),
            "PodDisruptionBudget", Map.entry("policy/v1", PodDisruptionBudget.class),
            "PersistentVolumeClaim", Map.entry("v1", PersistentVolumeClaim.class),
            "Job", Map.entry("batch/v1", Job.class));

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    /** Objects of a rendered overlay by kind, each kind's objects by name. */
    static final class Rendered {
        final Map<String, Map<String, HasMetadata>> byKind = new LinkedHashMap<>();

        <T extends HasMetadata> T one(Class<T> type) {
            List<T> all = all(type);
            assertEquals(1, all.size(), "exactly one " + type.getSimpleName());
            return all.get(0);
        }

        <T extends HasMetadata> List<T> all(Class<T> type) {
            List<T> out = new ArrayList<>();
            byKind.values().forEach(m -> m.values().stream().filter(type::isInstance).map(type::cast).forEach(out::add));
            return out;
        }
    }

    static Rendered parse(String yaml) throws Exception {
        Rendered r = new Rendered();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc == null || doc.isEmpty()) {
                    continue;
                }
                String kind = doc.path("kind").asText();
                var expected = KINDS.get(kind);
                assertNotNull(expected, "unexpected kind '" + kind + "' in the rendered overlay");
                assertEquals(expected.getKey(), doc.path("apiVersion").asText(), kind + " apiVersion");
                HasMetadata object = YAML.treeToValue(doc, expected.getValue());
                assertNoUnknownFields(object, kind + "/" + object.getMetadata().getName());
                Object previous = r.byKind.computeIfAbsent(kind, k -> new LinkedHashMap<>())
                        .put(object.getMetadata().getName(), object);
                assertEquals(null, previous, "duplicate " + kind + " " + object.getMetadata().getName());
            }
        }
        return r;
    }

    /**
     * The fabric8 model keeps fields it does not know in "additionalProperties" instead of failing:
     * every one of them, at any depth, is an error here.
     */
    static void assertNoUnknownFields(Object root, String where) {
        walk(root, where, new IdentityHashMap<>());
    }

    private static void walk(Object o, String path, IdentityHashMap<Object, Boolean> seen) {
        if (o == null || seen.put(o, Boolean.TRUE) != null) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                walk(e, path + "[" + i++ + "]", seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> walk(v, path + "." + k, seen));
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : o.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(o);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    fail("unknown field(s) " + extra.keySet() + " at " + path);
                }
                continue;
            }
            walk(value, path + "." + getter.getName().substring(3, 4).toLowerCase() + getter.getName().substring(4),
                    seen);
        }
    }

    /** conf/kubernetes.conf (with application.conf and the libraries' reference.conf) as the container sees it. */
    static Config nodeConfig(Container node) {
        Map<String, Object> env = new HashMap<>();
        for (EnvVar v : node.getEnv()) {
            // Downward API values exist only in a pod: a placeholder of the right kind stands in.
            env.put(v.getName(), v.getValue() != null ? v.getValue()
                    : v.getValueFrom().getFieldRef().getFieldPath().equals("status.podIP") ? "10.0.0.7" : "replex");
        }
        Config file = ConfigFactory.parseFile(ReplexProcess.HOME.resolve("conf/kubernetes.conf").toFile(),
                ConfigParseOptions.defaults().setAllowMissing(false));
        return ConfigFactory.parseMap(env).withFallback(file).withFallback(ConfigFactory.defaultReference())
                .resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(false));
    }

    /** @return the environment variables conf/kubernetes.conf reads that a pod must set (not marked optional) */
    static Set<String> variablesReadByConf() throws Exception {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = Pattern.compile("\\$\\{\\?([A-Z0-9_]+)}(.*)").matcher(
                Files.readString(ReplexProcess.HOME.resolve("conf/kubernetes.conf"), StandardCharsets.UTF_8));
        while (m.find()) {
            if (!m.group(2).contains("optional")) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    static Container container(PodSpec spec, String name) {
        return spec.getContainers().stream().filter(c -> c.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no container '" + name + "'"));
    }

    static int port(Container c, String name) {
        return c.getPorts().stream().filter(p -> name.equals(p.getName())).map(ContainerPort::getContainerPort)
                .findFirst().orElseThrow(() -> new AssertionError("container " + c.getName() + " has no port '" + name
                        + "'"));
    }

    static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
    }

    static Map<String, String> parseSelector(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : s.split(",")) {
            String[] kv = part.split("=", 2);
            assertEquals(2, kv.length, "equality-based selector term: " + part);
            out.put(kv[0].strip(), kv[1].strip());
        }
        return out;
    }

    /** The path of a volume mount under which {@code path} lies, with the volume's claim name. */
    static String claimOf(PodSpec spec, Container c, String path) {
        for (VolumeMount m : c.getVolumeMounts()) {
            String mount = m.getMountPath().endsWith("/") ? m.getMountPath() : m.getMountPath() + "/";
            if (path.startsWith(mount) || path.equals(m.getMountPath())) {
                Volume v = spec.getVolumes().stream().filter(x -> x.getName().equals(m.getName())).findFirst()
                        .orElseThrow(() -> new AssertionError("mount of missing volume " + m.getName()));
                assertFalse(Boolean.TRUE.equals(m.getReadOnly()), path + " is on a read-only mount");
                return v.getPersistentVolumeClaim() == null ? null : v.getPersistentVolumeClaim().getClaimName();
            }
        }
        return null;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyObjectParsesStrictlyAndTheCrossReferencesHold(String overlay) throws Exception {
        Rendered r = parse(KubernetesTools.render(overlay));
        assertEquals(KINDS.keySet(), r.byKind.keySet(), "the kinds of the deployment");

        // One namespace, and every other object in it.
        String ns = r.one(Namespace.class).getMetadata().getName();
        r.byKind.forEach((kind, objects) -> objects.values().forEach(o -> {
            if (!kind.equals("Namespace")) {
                assertEquals(ns, o.getMetadata().getNamespace(), kind + " " + o.getMetadata().getName());
            }
        }));

        Deployment deployment = r.one(Deployment.class);
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container node = container(pod, "node");
        assertTrue(selects(deployment.getSpec().getSelector().getMatchLabels(), podLabels), "Deployment selector");
        assertTrue(deployment.getSpec().getSelector().getMatchExpressions() == null
                || deployment.getSpec().getSelector().getMatchExpressions().isEmpty());
        assertEquals(List.of("node", "--config", "kubernetes"), node.getArgs(), "the node runs conf/kubernetes.conf");

        // The service account is the pods', and bound to a Role that can only read pods.
        ServiceAccount sa = r.one(ServiceAccount.class);
        assertEquals(sa.getMetadata().getName(), pod.getServiceAccountName(), "pods run as the ServiceAccount");
        Role role = r.one(Role.class);
        assertEquals(1, role.getRules().size(), "one rule");
        PolicyRule rule = role.getRules().get(0);
        assertEquals(List.of(""), rule.getApiGroups());
        assertEquals(List.of("pods"), rule.getResources());
        assertEquals(Set.of("get", "watch", "list"), Set.copyOf(rule.getVerbs()));
        assertTrue(rule.getResourceNames() == null || rule.getResourceNames().isEmpty());
        RoleBinding binding = r.one(RoleBinding.class);
        assertEquals("Role", binding.getRoleRef().getKind());
        assertEquals(role.getMetadata().getName(), binding.getRoleRef().getName());
        assertTrue(binding.getSubjects().stream().anyMatch(s -> s.getKind().equals("ServiceAccount")
                && s.getName().equals(sa.getMetadata().getName()) && ns.equals(s.getNamespace())),
                "the RoleBinding binds the ServiceAccount: " + binding.getSubjects());

        // Every variable the configuration reads is set; ports, probes and discovery agree with it.
        Set<String> env = new LinkedHashSet<>();
        node.getEnv().forEach(v -> assertTrue(env.add(v.getName()), "variable set twice: " + v.getName()));
        for (String v : variablesReadByConf()) {
            assertTrue(env.contains(v), "conf/kubernetes.conf reads " + v + " but the node container does not set it");
        }
        Config conf = nodeConfig(node);
        assertEquals(conf.getInt("akka.remote.artery.canonical.port"), port(node, "remoting"), "remoting port");
        int management = conf.getInt("akka.management.http.port");
        assertEquals(management, port(node, "management"), "management port");
        assertEquals("10.0.0.7", conf.getString("akka.remote.artery.canonical.hostname"), "node advertises the pod IP");
        assertEquals("10.0.0.7", conf.getString("akka.management.http.hostname"), "management on the pod IP");
        HTTPGetAction ready = node.getReadinessProbe().getHttpGet();
        HTTPGetAction alive = node.getLivenessProbe().getHttpGet();
        assertEquals("/" + conf.getString("akka.management.health-checks.readiness-path"), ready.getPath());
        assertEquals("/" + conf.getString("akka.management.health-checks.liveness-path"), alive.getPath());
        assertEquals("management", ready.getPort().getStrVal(), "readiness probe on the management port");
        assertEquals("management", alive.getPort().getStrVal(), "liveness probe on the management port");
        String bootstrap = "akka.management.cluster.bootstrap.contact-point-discovery.";
        assertEquals("kubernetes-api", conf.getString(bootstrap + "discovery-method"));
        assertEquals("management", conf.getString(bootstrap + "port-name"), "contact points: the named port");
        Map<String, String> discovered = parseSelector(conf.getString("akka.discovery.kubernetes-api.pod-label-selector")
                .replace("%s", conf.getString(bootstrap + "service-name")));
        assertTrue(selects(discovered, podLabels), "discovery finds the node pods: " + discovered + " vs " + podLabels);
        assertEquals(node.getName(), conf.getString("akka.discovery.kubernetes-api.container-name"));
        assertTrue(conf.getBoolean("akka.discovery.kubernetes-api.use-raw-ip"));
        int required = conf.getInt(bootstrap + "required-contact-point-nr");
        assertTrue(required >= 2 && required <= deployment.getSpec().getReplicas(),
                "required contact points " + required + " within 2.." + deployment.getSpec().getReplicas());
        assertTrue(2 * required > deployment.getSpec().getReplicas(), "a new cluster needs a majority of the pods");
        assertEquals("akka.cluster.sbr.SplitBrainResolverProvider", conf.getString("akka.cluster.downing-provider-class"));
        assertTrue(conf.getBoolean("akka.coordinated-shutdown.run-by-jvm-shutdown-hook"), "SIGTERM leaves the cluster");
        long shutdown = 0;
        for (String phase : List.of("cluster-sharding-shutdown-region", "cluster-leave", "cluster-exiting")) {
            shutdown += conf.getDuration("akka.coordinated-shutdown.phases." + phase + ".timeout").toSeconds();
        }
        assertTrue(pod.getTerminationGracePeriodSeconds() > shutdown, "grace period "
                + pod.getTerminationGracePeriodSeconds() + " s covers coordinated shutdown (" + shutdown + " s)");

        // The checkpoint directory is on the shared ReadWriteMany claim.
        PersistentVolumeClaim pvc = r.one(PersistentVolumeClaim.class);
        assertEquals(List.of("ReadWriteMany"), pvc.getSpec().getAccessModes());
        assertEquals(pvc.getMetadata().getName(), claimOf(pod, node, conf.getString("replex.checkpoint-dir")),
                "checkpoint dir " + conf.getString("replex.checkpoint-dir") + " on the shared volume");

        // The headless Service and the PodDisruptionBudget select the node pods, by the named ports.
        Service service = r.one(Service.class);
        assertEquals("None", service.getSpec().getClusterIP());
        assertTrue(selects(service.getSpec().getSelector(), podLabels), "Service selector");
        for (ServicePort p : service.getSpec().getPorts()) {
            assertEquals(p.getPort().intValue(), port(node, p.getTargetPort().getStrVal()), "Service port " + p.getName());
        }
        PodDisruptionBudget pdb = r.one(PodDisruptionBudget.class);
        assertTrue(selects(pdb.getSpec().getSelector().getMatchLabels(), podLabels), "PDB selector");
        assertEquals(1, pdb.getSpec().getMaxUnavailable().getIntVal(), "one node at a time");

        // The client Job: submits the ConfigMap's job file to the node Service, results on the volume.
        Job job = r.one(Job.class);
        PodSpec client = job.getSpec().getTemplate().getSpec();
        Map<String, String> clientLabels = job.getSpec().getTemplate().getMetadata().getLabels();
        assertFalse(selects(discovered, clientLabels), "discovery does not take client pods for nodes");
        assertFalse(selects(service.getSpec().getSelector(), clientLabels), "the Service does not route to clients");
        Container submit = container(client, "submit");
        assertEquals(List.of("/opt/replex/bin/k8s-submit"), submit.getCommand());
        String jobFile = submit.getArgs().get(0);
        String outDir = submit.getArgs().get(1);
        VolumeMount jobMount = submit.getVolumeMounts().stream().filter(m -> jobFile.startsWith(m.getMountPath() + "/"))
                .findFirst().orElseThrow(() -> new AssertionError("job file " + jobFile + " is on no mount"));
        Volume jobVolume = client.getVolumes().stream().filter(v -> v.getName().equals(jobMount.getName())).findFirst()
                .orElseThrow();
        ConfigMap jobMap = r.all(ConfigMap.class).stream().filter(c -> c.getMetadata().getName()
                .equals(jobVolume.getConfigMap().getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap " + jobVolume.getConfigMap().getName()));
        assertTrue(jobMap.getData().containsKey(jobFile.substring(jobMount.getMountPath().length() + 1)),
                "the ConfigMap holds " + jobFile);
        assertEquals(pvc.getMetadata().getName(), claimOf(client, submit, outDir), "results on the shared volume");
        Map<String, EnvVar> clientEnv = new HashMap<>();
        submit.getEnv().forEach(v -> clientEnv.put(v.getName(), v));
        assertEquals("status.podIP", clientEnv.get("REPLEX_HOST").getValueFrom().getFieldRef().getFieldPath());
        assertEquals(service.getMetadata().getName() + ":" + port(node, "remoting"),
                clientEnv.get("REPLEX_CONTACT").getValue(), "the client contacts the node Service's remoting port");
        for (Matcher m = Pattern.compile("\\$\\(([A-Z_]+)\\)").matcher(String.join(" ", submit.getArgs())); m.find();) {
            assertTrue(clientEnv.containsKey(m.group(1)), "args use $(" + m.group(1) + ") which is not set");
        }
        assertEquals("Never", client.getRestartPolicy());

        // One image everywhere.
        Set<String> images = new LinkedHashSet<>();
        images.add(node.getImage());
        images.add(submit.getImage());
        assertEquals(1, images.size(), "one image: " + images);
        assertFalse(node.getImage().contains("replex:latest"), "a pinned tag");

        // Both run as the image's non-root user.
        for (PodSpec spec : List.of(pod, client)) {
            assertTrue(spec.getSecurityContext().getRunAsNonRoot());
            assertEquals(10001L, spec.getSecurityContext().getRunAsUser());
        }

        if (overlay.equals("prod")) {
            assertTrue(deployment.getSpec().getReplicas() > 3, "more nodes than dev");
            assertNotNull(pod.getAffinity().getPodAntiAffinity(), "anti-affinity");
            assertTrue(selects(pod.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution()
                    .get(0).getPodAffinityTerm().getLabelSelector().getMatchLabels(), podLabels), "anti-affinity selector");
            assertNotNull(node.getResources().getRequests().get("cpu"));
            assertNotNull(node.getResources().getLimits().get("memory"));
            assertEquals(node.getResources().getRequests().get("cpu").getAmount(),
                    clientEnvValue(node, "REPLEX_WORKERS"), "worker threads = CPU request");
        } else {
            assertEquals(3, deployment.getSpec().getReplicas(), "dev: 3 nodes");
            assertEquals(3, required, "dev: the 3 nodes form the cluster together");
        }
    }

    private static String clientEnvValue(Container c, String name) {
        return c.getEnv().stream().filter(v -> v.getName().equals(name)).map(EnvVar::getValue).findFirst().orElse(null);
    }

    /** The check itself catches what it must: a misspelt field and a field at the wrong level. */
    @ParameterizedTest
    @ValueSource(strings = {"readinesProbe", "serviceAccount_Name"})
    void aMisspeltFieldFails(String field) throws Exception {
        String yaml = KubernetesTools.render("dev").replace("readinessProbe:", field.equals("readinesProbe")
                ? "readinesProbe:" : "readinessProbe:").replace("serviceAccountName:", field.equals("serviceAccount_Name")
                ? "serviceAccount_Name:" : "serviceAccountName:");
        AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> parse(yaml));
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }
}
