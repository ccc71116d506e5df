package replex.cli;

import picocli.CommandLine.IVersionProvider;
import replex.api.Replex;

/** The text of {@code --version}: Replex's version and the Java runtime. */
public final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {
            "replex " + Replex.version(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
        };
    }
}
