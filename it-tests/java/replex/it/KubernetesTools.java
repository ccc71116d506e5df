package replex.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * The external tools of the Kubernetes tests (kubectl, etcd, kube-apiserver, buildah, podman) and the
 * cache folder that {@code .ci/k8s-tools} fills. In CI (environment variable {@code CI} set) a missing
 * tool fails the test; on a developer's machine the test is skipped with a message naming what is
 * missing and how to get it.
 */
final class KubernetesTools {

    /** Where .ci/k8s-tools puts the kube-apiserver build and the base root file system. */
    static final Path CACHE = Paths.get(System.getenv().getOrDefault("REPLEX_K8S_CACHE", "/var/cache/replex-k8s"));

    private KubernetesTools() {
    }

    /** @return whether this is a CI run (missing tools fail instead of skipping) */
    static boolean ci() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !"false".equalsIgnoreCase(ci);
    }

    /**
     * Fails (CI) or skips (elsewhere) unless every tool is present.
     *
     * @param tools names of commands on the PATH, or absolute paths of files
     */
    static void require(String... tools) {
        List<String> missing = missing(tools);
        if (!missing.isEmpty()) {
            String message = "missing " + String.join(", ", missing) + ": run `bash .ci/k8s-tools` as root "
                    + "(installs buildah, podman, runc, etcd, kubectl; builds kube-apiserver into " + CACHE + ")";
            if (ci()) {
                fail(message);
            }
            Assumptions.abort(message);
        }
    }

    /**
     * @param tools names of commands on the PATH, or absolute paths of files
     * @return those that are not here
     */
    static List<String> missing(String... tools) {
        List<String> missing = new ArrayList<>();
        for (String t : tools) {
            if (t.startsWith("/") ? !Files.isRegularFile(Paths.get(t)) : which(t) == null) {
                missing.add(t);
            }
        }
        return missing;
    }

    /** @return the absolute path of a command on the PATH, or {@code null} */
    static Path which(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Paths.get(dir, command);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** The result of a finished command. */
    record Output(int exitCode, String out, String err) {
        Output check(String what) {
            if (exitCode != 0) {
                throw new AssertionError(what + " failed with exit code " + exitCode + ":\n" + err + "\n" + out);
            }
            return this;
        }
    }

    /** Runs a command to its end (killed after {@code timeoutSeconds}), output captured. */
    static Output run(Path workDir, long timeoutSeconds, java.util.Map<String, String> env, String... command)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("k8s-cmd", ".out");
        Path err = Files.createTempFile("k8s-cmd", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s:\n"
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Output(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** @return the rendered overlay {@code k8s/overlays/<name>} (kubectl kustomize), as YAML text */
    static String render(String overlay) throws IOException, InterruptedException {
        require("kubectl");
        return run(ReplexProcess.HOME, 120, java.util.Map.of(), "kubectl", "kustomize",
                ReplexProcess.HOME.resolve("k8s/overlays").resolve(overlay).toString()).check("kubectl kustomize " + overlay)
                .out();
    }
}
