package replex.cluster;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;

import picocli.CommandLine;
import replex.cli.ReplexCommand;
import replex.core.ConfigurationException;

/** Issue 13, scope 1 and 2: TLS settings are checked before use; plain TCP outside loopback is refused. */
class NodeTransportTest {

    private static Config node(String host, String bind, boolean insecure) {
        Config c = ConfigFactory.empty()
                .withValue("akka.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef(host))
                .withValue("replex.security.insecure", ConfigValueFactory.fromAnyRef(insecure));
        if (bind != null) {
            c = c.withValue("akka.remote.artery.bind.hostname", ConfigValueFactory.fromAnyRef(bind));
        }
        return c.withFallback(ConfigFactory.load("cluster")).resolve();
    }

    @Test
    void plainTcpOutsideLoopbackIsRefusedUnlessInsecure() {
        for (Config refused : List.of(node("192.0.2.7", null, false), node("127.0.0.1", "0.0.0.0", false),
                node("<getHostAddress>", null, false))) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> NodeTransport.checkExposure(refused));
            assertEquals("--insecure", e.key());
            assertTrue(e.getMessage().contains("not a loopback address") && e.getMessage().contains("docs/security.md")
                    && e.getMessage().contains("REPLEX_TLS=on"), e.getMessage());
        }
        assertDoesNotThrow(() -> NodeTransport.checkExposure(node("192.0.2.7", null, true)));
        assertDoesNotThrow(() -> NodeTransport.checkExposure(node("127.0.0.1", null, false)));
        assertDoesNotThrow(() -> NodeTransport.checkExposure(node("127.3.4.5", "127.0.0.1", false)));
        assertDoesNotThrow(() -> NodeTransport.checkExposure(node("192.0.2.7", null, false).withValue(
                "akka.remote.artery.transport", ConfigValueFactory.fromAnyRef("tls-tcp"))));
    }

    @Test
    void replexNodeOnAPublicAddressWithoutTlsExitsWithOneLine() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ReplexCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("node", "--host", "192.0.2.7", "--port", "0", "--seed-node", "192.0.2.7:2551");
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains("--insecure: refusing to start"), err.toString());
        assertTrue(err.toString().contains("docs/security.md"), err.toString());
        assertFalse(err.toString().contains("\tat "), "no stack trace: " + err);
    }

    @Test
    void aShortOperatorTokenStopsTheNodeBeforeItStarts(@TempDir Path dir) throws Exception {
        Path token = Files.writeString(dir.resolve("operator-token"), "short\n");
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ReplexCommand());
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("node", "--host", "127.0.0.1", "--port", "0", "--seed-node", "127.0.0.1:9",
                "--operator-token-file", token.toString());
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains("replex.security.operator-token-file") && err.toString().contains(
                "at least 16"), err.toString());
    }

    private static Config tls(Map<String, String> env) {
        Config c = ConfigFactory.empty();
        for (Map.Entry<String, String> e : env.entrySet()) {
            String key = switch (e.getKey()) {
                case "REPLEX_TLS" -> "enabled";
                case "REPLEX_TLS_KEY_STORE" -> "key-store";
                case "REPLEX_TLS_KEY_STORE_PASSWORD_FILE" -> "key-store-password-file";
                case "REPLEX_TLS_TRUST_STORE" -> "trust-store";
                case "REPLEX_TLS_TRUST_STORE_PASSWORD_FILE" -> "trust-store-password-file";
                default -> throw new IllegalArgumentException(e.getKey());
            };
            c = c.withValue("replex.security.tls." + key, ConfigValueFactory.fromAnyRef(e.getValue()));
        }
        return c.withFallback(ConfigFactory.load("cluster")).resolve();
    }

    @Test
    void tlsSettingsAreCheckedAndAppliedToArtery(@TempDir Path dir) throws Exception {
        TestPki pki = TestPki.create(dir);
        Path node = pki.member("node-1");
        Config applied = NodeTransport.apply(tls(pki.environment(node)));
        assertEquals("tls-tcp", applied.getString("akka.remote.artery.transport"));
        assertTrue(applied.getBoolean("akka.remote.artery.ssl.config-ssl-engine.require-mutual-authentication"));
        assertEquals(node.toString(), applied.getString("akka.remote.artery.ssl.config-ssl-engine.key-store"));
        assertEquals(TestPki.PASSWORD, applied.getString("akka.remote.artery.ssl.config-ssl-engine.key-store-password"),
                "the password read from its file");

        Config plain = tls(Map.of());
        assertEquals("tcp", NodeTransport.apply(plain).getString("akka.remote.artery.transport"), "TLS off by default");

        Map<String, String> missing = new java.util.HashMap<>(pki.environment(node));
        missing.put("REPLEX_TLS_KEY_STORE", dir.resolve("nope.p12").toString());
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> NodeTransport.apply(tls(missing)));
        assertEquals("replex.security.tls.key-store", e.key());

        Map<String, String> wrong = new java.util.HashMap<>(pki.environment(node));
        wrong.put("REPLEX_TLS_KEY_STORE_PASSWORD_FILE", Files.writeString(dir.resolve("wrong"), "nope\n").toString());
        e = assertThrows(ConfigurationException.class, () -> NodeTransport.apply(tls(wrong)));
        assertEquals("replex.security.tls.key-store", e.key());
        assertTrue(e.getMessage().contains("cannot open"), e.getMessage());

        Map<String, String> noKey = new java.util.HashMap<>(pki.environment(node));
        noKey.put("REPLEX_TLS_KEY_STORE", pki.trustStore().toString());
        e = assertThrows(ConfigurationException.class, () -> NodeTransport.apply(tls(noKey)));
        assertTrue(e.getMessage().contains("holds no private key"), e.getMessage());
    }
}
