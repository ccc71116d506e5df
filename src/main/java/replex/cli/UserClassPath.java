package replex.cli;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import replex.core.ConfigurationException;

/** The {@code --classpath} option: jars and folders with user Target classes. */
final class UserClassPath {

    private UserClassPath() {
    }

    /**
     * @param options the option's values, each a path list separated by the platform's separator
     * @return a loader over them whose parent is Replex's loader, or {@code null} if none are given
     * @throws ConfigurationException naming {@code --classpath} if an entry does not exist
     */
    static URLClassLoader loader(List<String> options) {
        List<URL> urls = new ArrayList<>();
        for (String option : options) {
            for (String entry : option.split(File.pathSeparator)) {
                if (entry.isBlank()) {
                    continue;
                }
                Path path;
                try {
                    path = Path.of(entry.strip()).toAbsolutePath().normalize();
                } catch (InvalidPathException e) {
                    throw new ConfigurationException("--classpath", "'" + entry + "' is not a valid path", e);
                }
                if (!Files.exists(path)) {
                    throw new ConfigurationException("--classpath", "no such jar or directory: " + path);
                }
                try {
                    urls.add(path.toUri().toURL());
                } catch (MalformedURLException e) {
                    throw new ConfigurationException("--classpath", "'" + entry + "' cannot be used: " + e, e);
                }
            }
        }
        if (urls.isEmpty()) {
            return null;
        }
        return new URLClassLoader("replex-user-classpath", urls.toArray(new URL[0]),
                UserClassPath.class.getClassLoader());
    }
}
