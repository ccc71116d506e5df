package replex.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/**
 * The dev overlay on a real Kubernetes API server (1.20, with etcd, on 127.0.0.1). There is no
 * kubelet, scheduler or controller manager: the test plays them. It creates the Deployment's pods
 * from its template, marks each Running with a loopback address 127.0.X.N, and starts the pod's
 * container: a container of the image built from docker/Dockerfile (podman, host network) with the
 * container's arguments and environment, the pod's own service-account token and CA mounted at the
 * standard service-account path, and the shared volume mounted where the pod mounts its claim. Where
 * the machine cannot run containers (outside CI only), the container is played by a JVM
 * ({@code bin/replex}, the token given by path, the volume a folder). The nodes must find each other
 * through Akka Cluster Bootstrap and the Kubernetes API alone.
 */
class KubernetesClusterIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** Pod address prefix: 127.0.X. with X random, so that concurrent runs on one machine do not meet. */
    final String subnet = "127.0." + ThreadLocalRandom.current().nextInt(100, 250) + ".";

    /**
     * A started pod: its API object, address, and the process running its container (the {@code
     * podman run} client, which passes signals on to the container, or the JVM playing it).
     *
     * @param container the container's name, {@code null} when a JVM plays it
     */
    record RunningPod(String name, String ip, Process process, Path log, String container) {
    }

    /** Whether pods run as containers of the image (else as JVMs). */
    private boolean containers;

    @Test
    void theDevOverlayFormsAClusterThroughBootstrapAndRunsTheClientJobIdenticallyAlsoWhenAPodIsDeleted()
            throws Exception {
        KubernetesTools.require("kubectl", "etcd", "openssl", KubernetesTools.CACHE.resolve("bin/kube-apiserver")
                .toString());
        Instant t0 = Instant.now();
        List<String> noContainers = KubernetesTools.missing(KubernetesImageIT.imageTools());
        containers = noContainers.isEmpty();
        if (containers) {
            KubernetesImageIT.buildImage(tmp);
        } else if (KubernetesTools.ci()) {
            fail("missing " + noContainers + " to run the pods as containers: run `bash .ci/k8s-tools` as root");
        } else {
            System.out.println("missing " + noContainers + ": the pods' containers run as JVMs");
        }
        t0 = Instant.now();
        List<RunningPod> pods = new ArrayList<>();
        try (KubernetesApiServer api = KubernetesApiServer.start(tmp.resolve("api"))) {
            System.out.println("kube-apiserver ready in " + Duration.between(t0, Instant.now()).toSeconds() + " s");

            // The rendered overlay applies (PodDisruptionBudget is policy/v1, which 1.20 lacks: it is
            // checked against the model by KubernetesManifestsIT).
            String rendered = KubernetesTools.render("dev");
            String applicable = java.util.Arrays.stream(rendered.split("\n---\n"))
                    .filter(d -> !d.contains("\nkind: PodDisruptionBudget\n")).collect(Collectors.joining("\n---\n"));
            Path manifest = tmp.resolve("dev.yaml");
            Files.writeString(manifest, applicable);
            String applied = api.kubectl("apply", "-f", manifest.toString()).check("kubectl apply (dev overlay)").out();
            for (String object : List.of("namespace/replex", "serviceaccount/replex-node", "deployment.apps/replex-node",
                    "job.batch/replex-submit", "service/replex-node", "persistentvolumeclaim/replex-data")) {
                assertTrue(applied.contains(object + " created"), applied);
            }

            Deployment deployment = JSON.readValue(api.kubectl("get", "deployment", "replex-node", "-n", "replex",
                    "-o", "json").check("get deployment").out(), Deployment.class);
            String ns = deployment.getMetadata().getNamespace();
            String token = api.kubectl("create", "token", deployment.getSpec().getTemplate().getSpec()
                    .getServiceAccountName(), "-n", ns, "--duration", "2h").check("create token").out().strip();
            Path volume = Files.createDirectories(tmp.resolve("volume"));
            // The claim is written by the image's non-root user and by this test.
            Files.setPosixFilePermissions(volume, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));

            // The ReplicaSet controller, scheduler and kubelet: one pod per replica, started in turn.
            int replicas = deployment.getSpec().getReplicas();
            for (int i = 0; i < replicas; i++) {
                pods.add(startPod(api, deployment, i, token, volume));
            }

            // One cluster of all nodes, formed through Cluster Bootstrap; every readiness probe passes.
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            int management = KubernetesManifestsIT.port(container(deployment, "node"), "management");
            String readyPath = container(deployment, "node").getReadinessProbe().getHttpGet().getPath();
            for (RunningPod pod : pods) {
                awaitHttp(http, "http://" + pod.ip() + ":" + management + readyPath, pod, Duration.ofSeconds(150));
            }
            JsonNode members = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://" + pods.get(0).ip()
                    + ":" + management + "/cluster/members")).build(), HttpResponse.BodyHandlers.ofString()).body());
            assertEquals(replicas, members.get("members").size(), members.toString());
            for (JsonNode m : members.get("members")) {
                assertEquals("Up", m.get("status").asText(), members.toString());
            }
            System.out.println("cluster of " + replicas + " formed " + Duration.between(t0, Instant.now()).toSeconds()
                    + " s after start");

            // The Role: the nodes read pods of their namespace and nothing else.
            assertEquals(0, api.kubectlAs(token, "get", "pods", "-n", ns).exitCode());
            for (String[] denied : new String[][] {{"get", "pods", "-n", "default"}, {"get", "pods", "-n", "kube-system"},
                    {"get", "secrets", "-n", ns}, {"delete", "pod", pods.get(0).name(), "-n", ns},
                    {"get", "deployments", "-n", ns}}) {
                KubernetesTools.Output o = api.kubectlAs(token, denied);
                assertNotEquals(0, o.exitCode(), String.join(" ", denied) + " must be refused");
                assertTrue(o.err().contains("Forbidden") || o.err().contains("forbidden"), o.err());
            }

            // The client Job, as its pod would run it: the ConfigMap's job file, results on the volume.
            Job job = JSON.readValue(api.kubectl("get", "job", "replex-submit", "-n", ns, "-o", "json")
                    .check("get job").out(), Job.class);
            Path jobDir = Files.createDirectories(tmp.resolve("job"));
            JsonNode configMaps = JSON.readTree(api.kubectl("get", "configmaps", "-n", ns, "-o", "json").out());
            String jobFile = null;
            for (JsonNode cm : configMaps.get("items")) {
                if (cm.at("/metadata/name").asText().startsWith("replex-job")) {
                    jobFile = cm.at("/data/job.conf").asText();
                }
            }
            Files.writeString(jobDir.resolve("job.conf"), jobFile);
            Instant submitStart = Instant.now();
            Process client = startClient(job, pods.get(0).ip(), jobDir, volume, "client.log");
            assertTrue(client.waitFor(600, TimeUnit.SECONDS), "client Job finished");
            assertEquals(0, client.exitValue(), Files.readString(tmp.resolve("client.log")));
            Path results = volume.resolve("results").resolve(job.getMetadata().getName());
            System.out.println("client Job done in " + Duration.between(submitStart, Instant.now()).toSeconds() + " s");
            assertArrayEquals(sequentialDraws(jobDir.resolve("job.conf"), "seq"),
                    Files.readAllBytes(results.resolve("draws.csv")), "client Job draws = run --workers 0");

            // A pod deleted mid-job: the API object goes, the "kubelet" sends SIGTERM, the node leaves;
            // the job finishes with the same draws.
            Path longJob = jobDir.resolve("long.conf");
            Files.writeString(longJob, jobFile.replace("rounds = 3000", "rounds = 12000").replace("seed = 42",
                    "seed = 7"));
            assertTrue(Files.readString(longJob).contains("rounds = 12000"), "longer job");
            Path longOut = volume.resolve("results/long");
            Path checkpoints = volume.resolve("checkpoints");
            Set<Path> jobsBefore = listDirectories(checkpoints);
            Process longClient = startSubmit(longJob, longOut, pods.get(0).ip(), "long-client.log");
            // Mid-job: the job's first checkpoint (after 1 200 of its 12 000 rounds) is on the shared volume.
            Path firstCheckpoint = awaitNewCheckpoint(checkpoints, jobsBefore, longClient, 300);
            System.out.println("long job running (" + firstCheckpoint.getFileName() + "); deleting a pod");
            RunningPod victim = pods.get(pods.size() - 1);
            api.kubectl("delete", "pod", victim.name(), "-n", ns, "--wait=false").check("delete pod");
            victim.process().destroy(); // SIGTERM, as the kubelet does on deletion
            assertTrue(victim.process().waitFor(60, TimeUnit.SECONDS), "deleted pod's node stopped");
            assertEquals(replicas - 1, JSON.readTree(api.kubectl("get", "pods", "-n", ns, "-l",
                    "app.kubernetes.io/component=node", "-o", "json").out()).get("items").size());
            assertTrue(longClient.waitFor(900, TimeUnit.SECONDS), "job finished after the pod deletion");
            assertEquals(0, longClient.exitValue(), Files.readString(tmp.resolve("long-client.log")));
            assertArrayEquals(sequentialDraws(longJob, "seq-long"), Files.readAllBytes(longOut.resolve("draws.csv")),
                    "draws after a pod deletion = run --workers 0");
            JsonNode recovery = JSON.readTree(longOut.resolve("summary.json").toFile()).path("recovery");
            System.out.println("long job's recovery: " + recovery);
            assertTrue(recovery.toString().contains("replicas-restored"), "the pod was deleted mid-job: " + recovery);

            // The ReplicaSet's replacement pod joins the running cluster through Cluster Bootstrap.
            Instant replaced = Instant.now();
            RunningPod replacement = startPod(api, deployment, replicas, token, volume);
            pods.add(replacement);
            awaitHttp(http, "http://" + replacement.ip() + ":" + management + readyPath, replacement,
                    Duration.ofSeconds(150));
            JsonNode after = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://" + replacement.ip()
                    + ":" + management + "/cluster/members")).build(), HttpResponse.BodyHandlers.ofString()).body());
            assertEquals(replicas, after.get("members").size(), "the deleted pod's node left, its replacement "
                    + "joined: " + after);
            System.out.println("replacement pod joined " + Duration.between(replaced, Instant.now()).toSeconds()
                    + " s after start");

            // The oldest node (it runs the JobManager singleton and the job's coordinator) dies without
            // a word (SIGKILL, as a crashed node or a lost machine): the surviving nodes down it, a new
            // JobManager restarts the job from its checkpoint, the client stays attached, same draws.
            String oldest = after.get("oldest").asText();
            RunningPod crashed = pods.stream().filter(p -> oldest.contains("@" + p.ip() + ":")).findFirst()
                    .orElseThrow(() -> new AssertionError("no pod is the oldest member " + oldest));
            RunningPod contact = pods.stream().filter(p -> p != crashed && p.process().isAlive()).findFirst()
                    .orElseThrow();
            Path crashJob = jobDir.resolve("crash.conf");
            Files.writeString(crashJob, Files.readString(longJob).replace("seed = 7", "seed = 11"));
            Path crashOut = volume.resolve("results/crash");
            jobsBefore = listDirectories(checkpoints);
            Process crashClient = startSubmit(crashJob, crashOut, contact.ip(), "crash-client.log");
            Path crashCheckpoint = awaitNewCheckpoint(checkpoints, jobsBefore, crashClient, 300);
            System.out.println("third job running (" + crashCheckpoint.getFileName() + "); SIGKILL to the oldest "
                    + "node, " + crashed.name());
            Instant killed = Instant.now();
            if (crashed.container() != null) {
                KubernetesImageIT.podman(tmp, 60, "kill", "--signal", "KILL", crashed.container())
                        .check("podman kill " + crashed.container());
            } else {
                crashed.process().descendants().forEach(ProcessHandle::destroyForcibly);
                crashed.process().destroyForcibly();
            }
            assertTrue(crashed.process().waitFor(60, TimeUnit.SECONDS), "the killed node's container ended");
            assertTrue(crashClient.waitFor(900, TimeUnit.SECONDS), "job finished after the oldest node died");
            assertEquals(0, crashClient.exitValue(), Files.readString(tmp.resolve("crash-client.log")));
            System.out.println("third job finished " + Duration.between(killed, Instant.now()).toSeconds()
                    + " s after the kill");
            assertArrayEquals(sequentialDraws(crashJob, "seq-crash"), Files.readAllBytes(crashOut.resolve(
                    "draws.csv")), "draws after the oldest node was killed = run --workers 0");
            JsonNode crashRecovery = JSON.readTree(crashOut.resolve("summary.json").toFile()).path("recovery");
            System.out.println("third job's recovery: " + crashRecovery);
            assertTrue(crashRecovery.toString().contains("job-restarted"), "the coordinator's node was killed "
                    + "mid-job and the job restarted on another: " + crashRecovery);
            System.out.println("whole test " + Duration.between(t0, Instant.now()).toSeconds() + " s");
        } finally {
            for (RunningPod pod : pods) {
                if (pod.container() != null) { // the container outlives a killed podman client
                    KubernetesImageIT.podman(tmp, 120, "rm", "--force", "--time", "0", pod.container());
                }
                pod.process().descendants().forEach(ProcessHandle::destroyForcibly);
                pod.process().destroyForcibly();
            }
        }
    }

    static Container container(Deployment d, String name) {
        return KubernetesManifestsIT.container(d.getSpec().getTemplate().getSpec(), name);
    }

    /** Creates pod i from the Deployment's template, marks it Running at 127.0.X.(i+1) and starts its node. */
    private RunningPod startPod(KubernetesApiServer api, Deployment d, int i, String token, Path volume)
            throws Exception {
        String ns = d.getMetadata().getNamespace();
        String name = d.getMetadata().getName() + "-test-" + i;
        String ip = subnet + (i + 1);
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(ns)
                .withLabels(d.getSpec().getTemplate().getMetadata().getLabels()).endMetadata()
                .withSpec(d.getSpec().getTemplate().getSpec()).build();
        Path podDir = Files.createDirectories(tmp.resolve("pods").resolve(name));
        Files.writeString(podDir.resolve("pod.json"), JSON.writeValueAsString(pod));
        api.kubectl("create", "-f", podDir.resolve("pod.json").toString()).check("create pod " + name);

        Container node = container(d, "node");
        ObjectNode status = JSON.createObjectNode();
        status.put("phase", "Running").put("podIP", ip);
        status.putArray("podIPs").addObject().put("ip", ip);
        ObjectNode cs = status.putArray("containerStatuses").addObject();
        cs.put("name", node.getName()).put("ready", false).put("restartCount", 0).put("image", node.getImage())
                .put("imageID", "");
        cs.putObject("state").putObject("running").put("startedAt", Instant.now().toString().replaceAll("\\.\\d+Z", "Z"));
        api.kubectl("patch", "pod", name, "-n", ns, "--subresource=status", "--type=merge", "-p",
                JSON.writeValueAsString(Map.of("status", status))).check("patch status of " + name);

        // The service-account files a kubelet projects into the pod, given to the node by path.
        Path sa = Files.createDirectories(podDir.resolve("serviceaccount"));
        Files.writeString(sa.resolve("token"), token);
        Files.copy(api.caCert, sa.resolve("ca.crt"));
        Files.writeString(sa.resolve("namespace"), ns);
        for (String f : List.of("token", "ca.crt", "namespace")) { // readable by the image's user, as projected
            Files.setPosixFilePermissions(sa.resolve(f), java.nio.file.attribute.PosixFilePermissions.fromString(
                    "rw-r--r--"));
        }
        Map<String, String> fields = Map.of("status.podIP", ip, "metadata.namespace", ns, "metadata.name", name);
        Path log = tmp.resolve(name + ".log");
        if (containers) {
            String container = "replex-it-" + ip.replace('.', '-');
            List<String> command = new ArrayList<>(List.of("podman", "run", "--rm", "--name", container,
                    "--network=host", "-v", sa + ":/var/run/secrets/kubernetes.io/serviceaccount:ro"));
            for (VolumeMount m : node.getVolumeMounts()) {
                assertEquals("data", m.getName(), "the node mounts only the shared claim");
                command.addAll(List.of("-v", volume + ":" + m.getMountPath()));
            }
            Map<String, String> env = containerEnv(node, fields, Map.of()); // paths as the container sees them
            env.put("KUBERNETES_SERVICE_HOST", "127.0.0.1");
            env.put("KUBERNETES_SERVICE_PORT", Integer.toString(api.port));
            env.put("JAVA_OPTS", "-Xmx384m -XX:+ExitOnOutOfMemoryError");
            for (Map.Entry<String, String> e : env.entrySet()) {
                command.addAll(List.of("-e", e.getKey() + "=" + e.getValue()));
            }
            command.add(KubernetesImageIT.IMAGE);
            command.addAll(node.getArgs());
            ProcessBuilder pb = new ProcessBuilder(command).directory(podDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().putAll(KubernetesImageIT.containersEnv());
            return new RunningPod(name, ip, pb.start(), log, container);
        }
        Map<String, String> env = containerEnv(node, fields, mounts(node, volume, null));
        env.put("KUBERNETES_SERVICE_HOST", "127.0.0.1");
        env.put("KUBERNETES_SERVICE_PORT", Integer.toString(api.port));
        env.put("JAVA_OPTS", "-Xmx384m"
                + " -Dakka.discovery.kubernetes-api.api-token-path=" + sa.resolve("token")
                + " -Dakka.discovery.kubernetes-api.api-ca-path=" + sa.resolve("ca.crt")
                + " -Dakka.discovery.kubernetes-api.pod-namespace-path=" + sa.resolve("namespace"));
        env.put("REPLEX_JAR", ReplexProcess.JAR.toString());
        List<String> command = new ArrayList<>(List.of("sh", ReplexProcess.HOME.resolve("bin/replex").toString()));
        command.addAll(node.getArgs());
        ProcessBuilder pb = new ProcessBuilder(command).directory(podDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return new RunningPod(name, ip, pb.start(), log, null);
    }

    /** Mount paths of a container mapped to folders of this test (the shared claim = {@code volume}). */
    private static Map<String, Path> mounts(Container c, Path volume, Path configMapDir) {
        Map<String, Path> out = new LinkedHashMap<>();
        for (VolumeMount m : c.getVolumeMounts()) {
            out.put(m.getMountPath(), m.getName().equals("data") ? volume : configMapDir);
        }
        return out;
    }

    /** The container's environment as a kubelet builds it: values, downward API fields, mount paths mapped. */
    private static Map<String, String> containerEnv(Container c, Map<String, String> fields, Map<String, Path> mounts) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar v : c.getEnv()) {
            String value;
            if (v.getValue() != null) {
                value = mapPath(v.getValue(), mounts);
            } else {
                String field = v.getValueFrom().getFieldRef().getFieldPath();
                value = fields.get(field);
                assertTrue(value != null, "test kubelet knows no field " + field);
            }
            env.put(v.getName(), value);
        }
        return env;
    }

    private static String mapPath(String value, Map<String, Path> mounts) {
        for (Map.Entry<String, Path> m : mounts.entrySet()) {
            if (value.equals(m.getKey()) || value.startsWith(m.getKey() + "/")) {
                return m.getValue() + value.substring(m.getKey().length());
            }
        }
        return value;
    }

    /** Runs the client Job's container (docker/k8s-submit with its args and environment) as a process. */
    private Process startClient(Job job, String nodeIp, Path jobDir, Path volume, String logName) throws Exception {
        Container submit = KubernetesManifestsIT.container(job.getSpec().getTemplate().getSpec(), "submit");
        Map<String, Path> mounts = mounts(submit, volume, jobDir);
        Map<String, String> env = containerEnv(submit, Map.of("status.podIP", subnet + "9",
                "metadata.labels['job-name']", job.getMetadata().getName()), mounts);
        // No cluster DNS here: the Service name the Job contacts stands for a node's address.
        String contact = env.get("REPLEX_CONTACT");
        env.put("REPLEX_CONTACT", nodeIp + contact.substring(contact.indexOf(':')));
        env.put("REPLEX_LAUNCHER", ReplexProcess.HOME.resolve("bin/replex").toString());
        env.put("REPLEX_JAR", ReplexProcess.JAR.toString());
        env.put("JAVA_OPTS", "-Xmx384m");
        assertEquals("/opt/replex/bin/k8s-submit", submit.getCommand().get(0));
        List<String> command = new ArrayList<>(List.of("sh", ReplexProcess.HOME.resolve("docker/k8s-submit").toString()));
        for (String arg : submit.getArgs()) {
            Matcher m = Pattern.compile("\\$\\(([A-Z_]+)\\)").matcher(arg);
            StringBuilder expanded = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(expanded, Matcher.quoteReplacement(env.get(m.group(1))));
            }
            m.appendTail(expanded);
            command.add(mapPath(expanded.toString(), mounts));
        }
        ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve(logName).toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    /** {@code replex submit} from a process at 127.0.X.10 (a laptop through a port-forward would do the same). */
    private Process startSubmit(Path job, Path out, String nodeIp, String logName) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", ReplexProcess.HOME.resolve("bin/replex").toString(), "submit",
                job.toString(), "--contact", nodeIp + ":2551", "--host", subnet + "10", "--out", out.toString(),
                "--quiet").directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(tmp.resolve(logName).toFile());
        pb.environment().put("REPLEX_JAR", ReplexProcess.JAR.toString());
        pb.environment().put("JAVA_OPTS", "-Xmx384m");
        return pb.start();
    }

    private byte[] sequentialDraws(Path job, String out) throws Exception {
        ReplexProcess.Result seq = ReplexProcess.run(tmp, 600, "run", job.toString(), "--workers", "0", "--out",
                tmp.resolve(out).toString(), "--quiet");
        assertEquals(0, seq.exitCode(), seq.err());
        return Files.readAllBytes(tmp.resolve(out).resolve("draws.csv"));
    }

    private static void awaitHttp(HttpClient http, String url, RunningPod pod, Duration timeout) throws Exception {
        String[] last = {""};
        Await.until(url + " ready (" + pod.name() + ")", pod.process(), timeout, Duration.ofMillis(500),
                () -> "(" + last[0] + "); log of " + pod.name() + ":\n" + Files.readString(pod.log(),
                        StandardCharsets.UTF_8), () -> {
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
                        last[0] = r.statusCode() + " " + r.body();
                        return r.statusCode() == 200;
                    } catch (java.io.IOException e) {
                        last[0] = e.toString();
                        return false;
                    }
                });
    }

    private static Set<Path> listDirectories(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).collect(Collectors.toSet());
        }
    }

    /** Waits until a job directory not in {@code before} holds a checkpoint file; fails if the client ends first. */
    private static Path awaitNewCheckpoint(Path checkpoints, Set<Path> before, Process client, int timeoutSeconds)
            throws Exception {
        return Await.until("the long job's first checkpoint in " + checkpoints, client,
                Duration.ofSeconds(timeoutSeconds), Duration.ofMillis(50), () -> "(the process: the long job's client)",
                () -> {
                    for (Path jobDir : listDirectories(checkpoints)) {
                        if (!before.contains(jobDir)) {
                            try (Stream<Path> s = Files.list(jobDir)) {
                                Optional<Path> f = s.filter(p -> p.getFileName().toString()
                                        .matches("checkpoint-\\d+\\.rpx")).findFirst();
                                if (f.isPresent()) {
                                    return f.get();
                                }
                            } catch (java.nio.file.NoSuchFileException e) {
                                // the job's directory went away between listing and reading
                            }
                        }
                    }
                    return null;
                });
    }
}
