package replex.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A cluster CA and certificates signed by it, made with the JDK's {@code keytool} exactly as
 * docs/security.md tells a user to: a CA key pair, a trust store holding its certificate, and for
 * each member a PKCS#12 key store with a key pair whose certificate the CA signed. A member made
 * by {@link #selfSigned} has a key store whose certificate no CA signed (a stranger).
 */
public final class TestPki {

    /** The password of every store (tests only). */
    public static final String PASSWORD = "test-password-1";

    private final Path dir;
    private final Path trustStore;
    private final Path passwordFile;

    private TestPki(Path dir) throws IOException {
        this.dir = dir;
        this.trustStore = dir.resolve("truststore.p12");
        this.passwordFile = Files.writeString(dir.resolve("store-password"), PASSWORD + "\n");
    }

    /**
     * Makes a CA ("CN=replex-ca") and the trust store holding its certificate.
     *
     * @param dir an empty folder for the files
     * @return the PKI
     * @throws IOException if keytool fails
     */
    public static TestPki create(Path dir) throws IOException {
        TestPki pki = new TestPki(dir);
        pki.keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=replex-ca",
                "-ext", "bc:c", "-validity", "2", "-keystore", dir.resolve("ca.p12").toString());
        pki.keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", dir.resolve("ca.p12").toString(), "-file",
                dir.resolve("ca.pem").toString());
        pki.keytool("-importcert", "-noprompt", "-alias", "replex-ca", "-file", dir.resolve("ca.pem").toString(),
                "-keystore", pki.trustStore.toString());
        return pki;
    }

    /**
     * A member's key store: a key pair whose certificate the CA signed, with the CA's certificate.
     *
     * @param name the member's name (the certificate's CN and the file name)
     * @return the key store file
     * @throws IOException if keytool fails
     */
    public Path member(String name) throws IOException {
        Path store = dir.resolve(name + ".p12");
        keytool("-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + name,
                "-validity", "2", "-keystore", store.toString());
        keytool("-certreq", "-alias", name, "-keystore", store.toString(), "-file", dir.resolve(name + ".csr")
                .toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", dir.resolve("ca.p12").toString(), "-infile",
                dir.resolve(name + ".csr").toString(), "-outfile", dir.resolve(name + ".pem").toString(),
                "-validity", "2", "-ext", "ku:c=digitalSignature,keyEncipherment", "-ext", "eku=serverAuth,clientAuth");
        keytool("-importcert", "-noprompt", "-alias", "replex-ca", "-file", dir.resolve("ca.pem").toString(),
                "-keystore", store.toString());
        keytool("-importcert", "-alias", name, "-file", dir.resolve(name + ".pem").toString(), "-keystore",
                store.toString());
        return store;
    }

    /**
     * A key store whose certificate is self-signed: signed by no CA the cluster trusts.
     *
     * @param name the member's name
     * @return the key store file
     * @throws IOException if keytool fails
     */
    public Path selfSigned(String name) throws IOException {
        Path store = dir.resolve(name + ".p12");
        keytool("-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + name,
                "-validity", "2", "-keystore", store.toString());
        return store;
    }

    /** @return the trust store holding the CA's certificate */
    public Path trustStore() {
        return trustStore;
    }

    /**
     * @param keyStore a member's key store
     * @return the environment that turns on TLS with it ({@code REPLEX_TLS*}), passwords in a file
     */
    public Map<String, String> environment(Path keyStore) {
        return Map.of("REPLEX_TLS", "on", "REPLEX_TLS_KEY_STORE", keyStore.toString(),
                "REPLEX_TLS_KEY_STORE_PASSWORD_FILE", passwordFile.toString(),
                "REPLEX_TLS_TRUST_STORE", trustStore.toString(),
                "REPLEX_TLS_TRUST_STORE_PASSWORD_FILE", passwordFile.toString());
    }

    private void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.addAll(List.of("-storepass", PASSWORD, "-storetype", "PKCS12"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("keytool did not finish in 60 s: " + command);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }
}
