package replex.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;

import replex.core.ConfigurationException;
import replex.targets.CompositeTarget;
import replex.targets.LotkaVolterraTarget;

/**
 * The job file of a {@link JobSpec}: reading it (with its parse errors named by file and line) and
 * making the target block's paths independent of the job file's folder.
 *
 * <p>Thread-safe: stateless.
 */
final class JobSpecFiles {

    private JobSpecFiles() {
    }

    /**
     * Reads a job file, any mode, with its includes and substitutions resolved ({@link JobSpec#read}).
     *
     * @param file a HOCON ({@code .conf}) or JSON ({@code .json}) job file
     * @return the whole file
     * @throws ConfigurationException if the file is missing or unreadable, or has a syntax error (the
     *     message gives the line)
     */
    static Config read(Path file) {
        Objects.requireNonNull(file, "file");
        if (!Files.exists(file)) {
            throw new ConfigurationException(null, "job file " + file + " not found");
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException(null, "job file " + file + " is not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw new ConfigurationException(null, "job file " + file + " is not readable");
        }
        try {
            return ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false))
                    .resolve();
        } catch (ConfigException e) {
            throw parseError(file, e);
        }
    }

    static ConfigurationException parseError(Path file, ConfigException e) {
        ConfigOrigin origin = e.origin();
        String detail = e.getMessage();
        if (origin != null && detail != null && detail.startsWith(origin.description() + ": ")) {
            detail = detail.substring(origin.description().length() + 2);
        }
        String where = "job file " + file + (origin != null && origin.lineNumber() > 0
                ? ", line " + origin.lineNumber() : "");
        String kind = e instanceof ConfigException.UnresolvedSubstitution ? "unresolved substitution"
                : e instanceof ConfigException.Parse ? "syntax error" : "cannot be read";
        return new ConfigurationException(null, where + ": " + kind + ": " + detail, e);
    }

    /**
     * What a job file's target block means relative to the job file, made independent of it: the
     * paths of a {@code target.command} ({@link #externalCommandPaths}) and a data file
     * ({@code data = "file.json"} of the Lotka–Volterra target, read here and put inline), in the
     * block itself or, for a composite target, in each of its terms and its prior.
     */
    static Config jobFilePaths(Config target, Path jobDir, Path outputDir) {
        if (CompositeTarget.isComposite(target)) {
            return CompositeTarget.mapBlocks(target, (block, key) -> blockPaths(block, key, jobDir, outputDir));
        }
        return blockPaths(target, "job.target", jobDir, outputDir);
    }

    private static Config blockPaths(Config block, String key, Path jobDir, Path outputDir) {
        return LotkaVolterraTarget.inlineDataFile(externalCommandPaths(block, jobDir, outputDir), jobDir, key);
    }

    /**
     * For a target in another language ({@code target.command}, read by
     * {@code replex.targets.ExternalTarget}), makes the job file's relative paths absolute, so that
     * the job means the same from any working directory and on every node: the program (first
     * element) if it holds a '/', every later argument that names an existing file or folder next to
     * the job file, and {@code directory} (the children's working directory, by default the job
     * file's folder). Adds {@code stderr-log}, {@code <output dir>/target-stderr.log}, unless given.
     * Other blocks, and a command that is not a list of strings (the target reports that), are
     * returned unchanged.
     */
    static Config externalCommandPaths(Config target, Path jobDir, Path outputDir) {
        ConfigValue command = target.root().get("command");
        if (command == null || command.valueType() != ConfigValueType.LIST || jobDir == null) {
            return target;
        }
        List<Object> resolved = new ArrayList<>();
        for (Object element : (List<?>) command.unwrapped()) {
            if (!(element instanceof String s) || s.isEmpty()) {
                return target;
            }
            Path p;
            try {
                p = Path.of(s);
            } catch (java.nio.file.InvalidPathException e) {
                resolved.add(s);
                continue;
            }
            boolean first = resolved.isEmpty();
            boolean relativeFile = !p.isAbsolute() && !s.startsWith("-")
                    && (first ? s.contains("/") : Files.exists(jobDir.resolve(p)));
            resolved.add(relativeFile ? jobDir.resolve(p).normalize().toString() : s);
        }
        Config result = target.withValue("command", ConfigValueFactory.fromIterable(resolved, "job.target.command"));
        ConfigValue directory = target.root().get("directory");
        if (directory == null) {
            result = result.withValue("directory", ConfigValueFactory.fromAnyRef(jobDir.toString()));
        } else if (directory.valueType() == ConfigValueType.STRING) {
            result = result.withValue("directory", ConfigValueFactory.fromAnyRef(
                    jobDir.resolve((String) directory.unwrapped()).normalize().toString()));
        }
        if (!target.hasPath("stderr-log")) {
            result = result.withValue("stderr-log", ConfigValueFactory.fromAnyRef(
                    outputDir.resolve("target-stderr.log").toString()));
        }
        return result;
    }
}
