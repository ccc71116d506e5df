package replex.cli;

import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Option;

/**
 * {@code --classpath}: jars or directories holding user classes (targets, objectives, designs).
 * What the option means for a command (checked here, passed on to nodes, ...) is said in its help:
 * the key {@code replex.<command>.classpath} of {@code OptionHelp.properties}, else the description
 * below.
 */
final class ClasspathOption {

    @Option(names = "--classpath", paramLabel = "PATH", descriptionKey = "classpath",
            description = "Jars or directories holding user Target classes, separated by '${sys:path.separator}'; "
                + "may be repeated.")
    List<String> entries = new ArrayList<>();

    /** @return a class loader over the entries, or {@code null} if there are none (see {@link UserClassPath}) */
    URLClassLoader loader() {
        return UserClassPath.loader(entries);
    }
}
