package replex.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker/Dockerfile builds (buildah, chroot isolation) from a base image made here from a Debian
 * root file system (debootstrap, .ci/k8s-tools), since nothing can be pulled from a registry; the
 * image's entry point runs {@code replex --version} and a short job (podman, host network) whose
 * draws equal those of the jar run outside the container, as the image's non-root user.
 */
class KubernetesImageIT {

    static final String BASE = "localhost/replex-test/bookworm:minbase";
    static final String IMAGE = "localhost/replex:it";

    @TempDir
    Path tmp;

    static Map<String, String> containersEnv() {
        Map<String, String> env = new HashMap<>();
        Path conf = KubernetesTools.CACHE.resolve("containers");
        env.put("CONTAINERS_CONF", conf.resolve("containers.conf").toString());
        env.put("CONTAINERS_STORAGE_CONF", conf.resolve("storage.conf").toString());
        return env;
    }

    static KubernetesTools.Output podman(Path dir, long timeout, String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "podman";
        System.arraycopy(args, 0, cmd, 1, args.length);
        return KubernetesTools.run(dir, timeout, containersEnv(), cmd);
    }

    /** The tools and files the image needs; {@link KubernetesTools#require} takes them. */
    static String[] imageTools() {
        return new String[] {"buildah", "podman", "runc", KubernetesTools.CACHE.resolve("bookworm-minbase.tar").toString(),
            KubernetesTools.CACHE.resolve("containers/containers.conf").toString()};
    }

    /** How long the build of this test JVM took; {@code null} until built. */
    private static Duration built;

    /**
     * Builds docker/Dockerfile into {@link #IMAGE} from the current source tree, once per test JVM
     * (buildah reuses the layers whose inputs did not change), and removes images that the build
     * left untagged.
     *
     * @return how long the build took
     */
    static synchronized Duration buildImage(Path dir) throws Exception {
        if (built != null) {
            return built;
        }
        Instant t0 = Instant.now();
        Path rootfs = KubernetesTools.CACHE.resolve("bookworm-minbase.tar");
        if (podman(dir, 60, "image", "exists", BASE).exitCode() != 0) {
            podman(dir, 600, "import", rootfs.toString(), BASE).check("podman import " + rootfs);
        }
        // The build stage resolves Maven artifacts from this machine's local repository (offline):
        // the image build needs no network beyond Debian's mirror.
        Path m2 = Path.of(System.getProperty("user.home"), ".m2");
        // The image's dependency layer runs `mvn dependency:resolve`: make sure its plugin is there too.
        KubernetesTools.run(ReplexProcess.HOME, 600, Map.of(), "mvn", "-B", "-q", "-Dmaven.test.skip=true",
                "dependency:resolve").check("mvn dependency:resolve (fills the local repository)");
        KubernetesTools.run(ReplexProcess.HOME, 3600, containersEnv(), "buildah", "bud", "--isolation", "chroot",
                "--layers", "--network", "host", "-v", m2 + ":/root/.m2", "--build-arg", "MAVEN_FLAGS=-o",
                "--build-arg", "BASE_IMAGE=" + BASE, "-f", "docker/Dockerfile", "-t", IMAGE, ".")
                .check("buildah bud docker/Dockerfile");
        podman(dir, 300, "image", "prune", "--force"); // earlier builds' untagged images: disk, not needed
        built = Duration.between(t0, Instant.now());
        System.out.println("image built in " + built.toSeconds() + " s");
        return built;
    }

    @Test
    void theDockerfileBuildsAndTheImageRunsVersionAndAJob() throws Exception {
        KubernetesTools.require(imageTools());
        Instant t0 = Instant.now();
        buildImage(tmp);

        KubernetesTools.Output version = podman(tmp, 120, "run", "--rm", "--network=host", IMAGE, "--version")
                .check("replex --version in the image");
        assertTrue(version.out().startsWith("replex "), version.out());
        KubernetesTools.Output user = podman(tmp, 120, "run", "--rm", "--network=host", "--entrypoint", "id", IMAGE,
                "-u").check("id -u");
        assertEquals("10001", user.out().strip(), "non-root user");
        KubernetesTools.Output help = podman(tmp, 120, "run", "--rm", "--network=host", IMAGE, "node", "--help")
                .check("replex node --help in the image");
        assertTrue(help.out().contains("--config"), help.out());

        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.setPosixFilePermissions(data, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(data.resolve("job.conf"), "job { seed = 5, chains = 2, rounds = 300, steps-per-round = 5,\n"
                + "  temperatures { count = 4, beta-min = 0.05 },\n"
                + "  target { name = gaussian-mixture, weights = [0.5, 0.5], means = [[-3], [3]], sd = 1 } }\n");
        podman(tmp, 300, "run", "--rm", "--network=host", "-v", data + ":/data", IMAGE, "run", "/data/job.conf",
                "--workers", "2", "--out", "/data/out", "--quiet").check("a job in the image");
        ReplexProcess.Result host = ReplexProcess.run(tmp, 300, "run", data.resolve("job.conf").toString(),
                "--workers", "0", "--out", tmp.resolve("host").toString(), "--quiet");
        assertEquals(0, host.exitCode(), host.err());
        assertArrayEquals(Files.readAllBytes(tmp.resolve("host/draws.csv")), Files.readAllBytes(data.resolve(
                "out/draws.csv")), "draws in the image (2 workers) = draws of the jar (sequential)");
        for (Path p : List.of(data.resolve("out/draws.csv"), data.resolve("out/summary.json"))) {
            assertEquals(10001, Files.getAttribute(p, "unix:uid"), p + " written by the image's user");
        }
        System.out.println("image test " + Duration.between(t0, Instant.now()).toSeconds() + " s");
    }
}
