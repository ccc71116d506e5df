package replex.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;
import java.util.List;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;

import replex.core.ConfigurationException;

/**
 * How the members of a cluster talk: plain Artery TCP, or Artery over TLS with mutual
 * authentication ({@code replex.security.tls}), and the rule that a node reachable from outside
 * its machine speaks TLS unless its user says otherwise ({@code replex.security.insecure},
 * {@code replex node --insecure}). See docs/security.md.
 *
 * <p>With TLS every member (worker node and client) presents a certificate from its key store, and
 * accepts a peer only if the peer's certificate chains to a certificate in its trust store (the
 * cluster's CA): a process without such a certificate cannot complete the handshake, so none of its
 * messages reach the cluster. Key store paths and passwords come from the node's configuration and
 * environment, or from files; never from a job.
 *
 * <p>Thread-safe: stateless.
 */
public final class NodeTransport {

    /** Where the settings live. */
    static final String TLS = "replex.security.tls";

    /** The TLS protocol and cipher suites used (forward secrecy, authenticated encryption). */
    static final String PROTOCOL = "TLSv1.2";
    static final List<String> CIPHER_SUITES = List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");

    private NodeTransport() {
    }

    /**
     * @param config a resolved node or client configuration
     * @return whether {@code replex.security.tls.enabled} is on
     */
    public static boolean tlsEnabled(Config config) {
        return config.hasPath(TLS + ".enabled") && config.getBoolean(TLS + ".enabled");
    }

    /**
     * Applies {@code replex.security.tls}: with TLS on, sets Artery's transport to {@code tls-tcp}
     * with mutual authentication and the key and trust stores, after checking that both open with
     * their passwords and hold what they must (a private key with its certificate; at least one
     * trusted certificate). Without TLS, returns the configuration as it is.
     *
     * @param config a resolved configuration
     * @return the configuration to start the actor system with
     * @throws ConfigurationException naming the setting if a store is missing, unreadable, opens with
     *     a wrong password or lacks its key or certificates
     */
    public static Config apply(Config config) {
        if (!tlsEnabled(config)) {
            return config;
        }
        String keyStore = path(config, "key-store");
        String keyPassword = password(config, "key-store-password");
        String trustStore = path(config, "trust-store");
        String trustPassword = password(config, "trust-store-password");
        KeyStore keys = open(keyStore, keyPassword, "key-store");
        KeyStore trusted = open(trustStore, trustPassword, "trust-store");
        try {
            boolean hasKey = false;
            for (String alias : Collections.list(keys.aliases())) {
                hasKey |= keys.isKeyEntry(alias) && keys.getCertificateChain(alias) != null;
            }
            if (!hasKey) {
                throw new ConfigurationException(TLS + ".key-store", keyStore + " holds no private key with its "
                        + "certificate chain; make one signed by the cluster's CA (docs/security.md)");
            }
            boolean hasCertificate = false;
            for (String alias : Collections.list(trusted.aliases())) {
                hasCertificate |= trusted.isCertificateEntry(alias);
            }
            if (!hasCertificate) {
                throw new ConfigurationException(TLS + ".trust-store", trustStore + " holds no trusted certificate; "
                        + "import the cluster's CA certificate (docs/security.md)");
            }
        } catch (java.security.KeyStoreException e) {
            throw new ConfigurationException(TLS + ".key-store", "cannot read " + keyStore + ": " + e.getMessage(), e);
        }
        String engine = "akka.remote.artery.ssl.config-ssl-engine.";
        return config
                .withValue("akka.remote.artery.transport", ConfigValueFactory.fromAnyRef("tls-tcp"))
                .withValue("akka.remote.artery.ssl.ssl-engine-provider",
                        ConfigValueFactory.fromAnyRef("akka.remote.artery.tcp.ConfigSSLEngineProvider"))
                .withValue(engine + "key-store", ConfigValueFactory.fromAnyRef(keyStore))
                .withValue(engine + "key-store-password", ConfigValueFactory.fromAnyRef(keyPassword))
                .withValue(engine + "key-password", ConfigValueFactory.fromAnyRef(keyPassword))
                .withValue(engine + "trust-store", ConfigValueFactory.fromAnyRef(trustStore))
                .withValue(engine + "trust-store-password", ConfigValueFactory.fromAnyRef(trustPassword))
                .withValue(engine + "protocol", ConfigValueFactory.fromAnyRef(PROTOCOL))
                .withValue(engine + "enabled-algorithms", ConfigValueFactory.fromIterable(CIPHER_SUITES))
                .withValue(engine + "require-mutual-authentication", ConfigValueFactory.fromAnyRef(true))
                .withValue(engine + "hostname-verification", ConfigValueFactory.fromAnyRef(false));
    }

    /**
     * Refuses to start a worker node that would accept plain-TCP connections from outside its
     * machine: its canonical or bind address is not a loopback address (127.0.0.0/8, ::1), TLS is
     * off, and {@code replex.security.insecure} ({@code --insecure}, {@code REPLEX_INSECURE}) is off.
     *
     * @param config the node's resolved configuration (after {@link #apply})
     * @throws ConfigurationException saying why and what to do
     */
    public static void checkExposure(Config config) {
        if ("tls-tcp".equals(config.getString("akka.remote.artery.transport"))
                || config.hasPath("replex.security.insecure") && config.getBoolean("replex.security.insecure")) {
            return;
        }
        String canonical = config.getString("akka.remote.artery.canonical.hostname");
        String bind = config.hasPath("akka.remote.artery.bind.hostname")
                ? config.getString("akka.remote.artery.bind.hostname") : "";
        for (String host : bind.isBlank() ? List.of(canonical) : List.of(canonical, bind)) {
            if (!loopback(host)) {
                throw new ConfigurationException("--insecure", "refusing to start: this node would listen on " + host
                        + ", which is not a loopback address, over plain TCP, where any process that reaches its "
                        + "port can join the cluster, submit jobs and read results. Turn on mutual TLS "
                        + "(REPLEX_TLS=on with a key store and trust store from the cluster's CA) or, on a network "
                        + "you trust, start it with --insecure (REPLEX_INSECURE=true). See docs/security.md");
            }
        }
    }

    /** @return whether {@code host} is, or resolves to, a loopback address (127.0.0.0/8, ::1) */
    static boolean loopback(String host) {
        if (host == null || host.isBlank() || host.startsWith("<")) {
            return false; // Akka's <getHostAddress> / <getHostName>: the machine's own address
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(host.strip())) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String path(Config config, String name) {
        String key = TLS + "." + name;
        String value = config.hasPath(key) ? config.getString(key).strip() : "";
        if (value.isEmpty()) {
            throw new ConfigurationException(key, "must be set when TLS is on (" + env(name) + ": the path of a "
                    + "PKCS#12 or JKS file; docs/security.md)");
        }
        Path file = Path.of(value);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ConfigurationException(key, value + " is not a readable file");
        }
        return file.toAbsolutePath().toString();
    }

    /** A password: from {@code <name>-file} if set (first line), else {@code <name>}. */
    private static String password(Config config, String name) {
        String fileKey = TLS + "." + name + "-file";
        String file = config.hasPath(fileKey) ? config.getString(fileKey).strip() : "";
        if (!file.isEmpty()) {
            try {
                String text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
                int newline = text.indexOf('\n');
                return (newline < 0 ? text : text.substring(0, newline)).strip();
            } catch (IOException e) {
                throw new ConfigurationException(fileKey, "cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        String key = TLS + "." + name;
        String value = config.hasPath(key) ? config.getString(key) : "";
        if (value.isEmpty()) {
            throw new ConfigurationException(key, "must be set when TLS is on: " + env(name + "-file") + " (a file "
                    + "holding it) or " + env(name));
        }
        return value;
    }

    private static KeyStore open(String file, String password, String name) {
        try {
            return KeyStore.getInstance(new java.io.File(file), password.toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            String why = e.getCause() instanceof java.security.UnrecoverableKeyException
                    || String.valueOf(e.getMessage()).contains("password") ? "wrong password?" : e.getMessage();
            throw new ConfigurationException(TLS + "." + name, "cannot open " + file + " (" + why + ")", e);
        }
    }

    /** @return the environment variable of a setting, e.g. REPLEX_TLS_KEY_STORE */
    static String env(String name) {
        return "REPLEX_TLS_" + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }
}
