package replex.io;

import java.nio.file.Path;

import replex.core.ConfigurationException;

/**
 * Where a job may write on a node: only under a folder of the node's own configuration (such as
 * {@code replex.checkpoint-dir}). A job may name a relative subfolder of it, never an absolute path
 * or one that climbs out with {@code ..}.
 *
 * <p>Thread-safe: stateless.
 */
public final class NodePaths {

    /** Longest subfolder name accepted, in characters. */
    public static final int MAX_LENGTH = 255;

    private NodePaths() {
    }

    /**
     * Resolves a job's subfolder under a node's folder.
     *
     * @param root the node's folder (its own configuration), absolute
     * @param relative the subfolder the job names: relative, with forward slashes, no {@code .} or
     *     {@code ..} segment, no backslash or control character, at most {@value #MAX_LENGTH} characters
     * @param key the job key or message field named in an error
     * @return {@code root/relative}, normalised; always inside {@code root}
     * @throws ConfigurationException if {@code relative} is not such a subfolder
     */
    public static Path subfolder(Path root, String relative, String key) {
        String allowed = "; a job may name only a relative subfolder of the node's own folder (no absolute path, "
                + "no '..')";
        if (relative == null || relative.isBlank()) {
            throw new ConfigurationException(key, "is empty" + allowed);
        }
        if (relative.length() > MAX_LENGTH) {
            throw new ConfigurationException(key, "is longer than " + MAX_LENGTH + " characters" + allowed);
        }
        for (int i = 0; i < relative.length(); i++) {
            char c = relative.charAt(i);
            if (c == '\\' || c == ':' || Character.isISOControl(c)) {
                throw new ConfigurationException(key, "holds a backslash, colon or control character" + allowed);
            }
        }
        if (relative.startsWith("/") || relative.startsWith("~")) {
            throw new ConfigurationException(key, "'" + relative + "' is an absolute path" + allowed);
        }
        for (String segment : relative.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new ConfigurationException(key, "'" + relative + "' has an empty, '.' or '..' segment" + allowed);
            }
        }
        Path base = root.toAbsolutePath().normalize();
        Path resolved = base.resolve(relative).normalize();
        if (!resolved.startsWith(base) || resolved.equals(base)) {
            throw new ConfigurationException(key, "'" + relative + "' is not inside the node's folder" + allowed);
        }
        return resolved;
    }
}
