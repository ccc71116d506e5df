package replex.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of Replex, written into checkpoints and shown by {@code replex --version}. */
public final class ReplexVersion {

    private static final String VERSION = read();

    private ReplexVersion() {
    }

    /** @return the version, from the jar's Maven metadata, or {@code development} */
    public static String get() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = ReplexVersion.class.getResourceAsStream(
                "/META-INF/maven/io.replex/replex/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank()) {
                    return v.trim();
                }
            }
        } catch (IOException e) {
            // fall through
        }
        Package p = ReplexVersion.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v != null ? v : "development";
    }
}
