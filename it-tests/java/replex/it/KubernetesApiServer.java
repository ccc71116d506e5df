package replex.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real Kubernetes API server (kube-apiserver 1.20 built by .ci/k8s-tools) with its own etcd, both on
 * 127.0.0.1 and free ports: own CA and serving certificate (openssl), a token file with one admin
 * token, RBAC on, service-account tokens signed by its own key. There is no controller manager,
 * scheduler or kubelet: tests play those parts. {@link #close()} stops both processes.
 */
final class KubernetesApiServer implements AutoCloseable {

    final Path dir;
    final int port;
    final Path caCert;
    final Path kubeconfig;
    private final List<Process> processes = new ArrayList<>();

    private KubernetesApiServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
        this.caCert = dir.resolve("ca.crt");
        this.kubeconfig = dir.resolve("kubeconfig");
    }

    static KubernetesApiServer start(Path dir) throws Exception {
        Files.createDirectories(dir);
        KubernetesApiServer api = new KubernetesApiServer(dir, LocalCluster.freePort());
        try {
            api.startProcesses();
        } catch (Exception | AssertionError e) {
            api.close();
            throw e;
        }
        return api;
    }

    private void openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        KubernetesTools.run(dir, 60, Map.of(), cmd.toArray(new String[0])).check("openssl " + args[0]);
    }

    private void startProcesses() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2",
                "-subj", "/CN=replex-test-ca");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj",
                "/CN=kube-apiserver");
        Files.writeString(dir.resolve("server.ext"),
                "subjectAltName=IP:127.0.0.1,DNS:kubernetes,DNS:kubernetes.default.svc\n");
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out",
                "server.crt", "-days", "2", "-extfile", "server.ext");
        openssl("genrsa", "-out", "sa.key", "2048");
        openssl("rsa", "-in", "sa.key", "-pubout", "-out", "sa.pub");
        String adminToken = UUID.randomUUID().toString();
        Files.writeString(dir.resolve("tokens.csv"), adminToken + ",replex-test-admin,1,\"system:masters\"\n");
        Files.writeString(kubeconfig, String.join("\n",
                "apiVersion: v1", "kind: Config", "clusters:", "- name: test", "  cluster:",
                "    server: https://127.0.0.1:" + port, "    certificate-authority: " + caCert,
                "users:", "- name: admin", "  user:", "    token: " + adminToken,
                "contexts:", "- name: test", "  context:", "    cluster: test", "    user: admin",
                "current-context: test", ""));

        int etcdClient = LocalCluster.freePort();
        int etcdPeer = LocalCluster.freePort();
        processes.add(new ProcessBuilder("etcd", "--name", "test", "--data-dir", dir.resolve("etcd").toString(),
                "--listen-client-urls", "http://127.0.0.1:" + etcdClient,
                "--advertise-client-urls", "http://127.0.0.1:" + etcdClient,
                "--listen-peer-urls", "http://127.0.0.1:" + etcdPeer,
                "--initial-advertise-peer-urls", "http://127.0.0.1:" + etcdPeer,
                "--initial-cluster", "test=http://127.0.0.1:" + etcdPeer)
                .redirectErrorStream(true).redirectOutput(dir.resolve("etcd.log").toFile()).start());
        processes.add(new ProcessBuilder(KubernetesTools.CACHE.resolve("bin/kube-apiserver").toString(),
                "--etcd-servers=http://127.0.0.1:" + etcdClient,
                "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", "--secure-port=" + port,
                "--insecure-port=0", "--cert-dir=" + dir.resolve("certs"),
                "--tls-cert-file=" + dir.resolve("server.crt"), "--tls-private-key-file=" + dir.resolve("server.key"),
                "--client-ca-file=" + caCert, "--token-auth-file=" + dir.resolve("tokens.csv"),
                "--authorization-mode=RBAC",
                "--service-account-key-file=" + dir.resolve("sa.pub"),
                "--service-account-signing-key-file=" + dir.resolve("sa.key"),
                "--service-account-issuer=https://kubernetes.default.svc",
                "--api-audiences=https://kubernetes.default.svc",
                // No controller manager creates token secrets: pods get tokens from the TokenRequest API.
                "--disable-admission-plugins=ServiceAccount",
                // Allocation bookkeeping only: nothing is ever sent to these addresses.
                "--service-cluster-ip-range=10.96.0.0/16",
                "--endpoint-reconciler-type=none", "--profiling=false", "--logtostderr=true", "--v=0")
                .redirectErrorStream(true).redirectOutput(dir.resolve("kube-apiserver.log").toFile()).start());

        String[] last = {""};
        Await.until("kube-apiserver ready", Duration.ofSeconds(120), Duration.ofMillis(500),
                () -> last[0] + "\n" + log("kube-apiserver.log"), () -> {
                    for (Process p : processes) {
                        if (!p.isAlive()) {
                            throw new AssertionError("etcd or kube-apiserver exited:\n" + log("etcd.log") + "\n"
                                    + log("kube-apiserver.log"));
                        }
                    }
                    KubernetesTools.Output ready = kubectl("get", "--raw", "/readyz");
                    last[0] = ready.err();
                    return ready.exitCode() == 0 && ready.out().strip().equals("ok");
                });
    }

    String log(String name) throws IOException {
        Path p = dir.resolve(name);
        if (!Files.exists(p)) {
            return "(no " + name + ")";
        }
        String s = Files.readString(p, StandardCharsets.UTF_8);
        return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
    }

    /** kubectl as the cluster administrator. */
    KubernetesTools.Output kubectl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
        cmd.addAll(List.of(args));
        return KubernetesTools.run(dir, 120, Map.of(), cmd.toArray(new String[0]));
    }

    /** kubectl with another identity's bearer token (and no admin credentials). */
    KubernetesTools.Output kubectlAs(String token, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", "/dev/null",
                "--server", "https://127.0.0.1:" + port, "--certificate-authority", caCert.toString(),
                "--token", token));
        cmd.addAll(List.of(args));
        return KubernetesTools.run(dir, 120, Map.of(), cmd.toArray(new String[0]));
    }

    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.destroy();
            boolean ended;
            try {
                ended = p.waitFor(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) { // kept, and the process is still killed
                Thread.currentThread().interrupt();
                ended = false;
            }
            if (!ended) {
                p.destroyForcibly();
            }
        }
    }
}
