package replex.core;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.typesafe.config.Config;

/** Checks shared by the readers of a job's blocks ({@code job.target}, {@code job.objective}). */
public final class ConfigBlocks {

    private ConfigBlocks() {
    }

    /**
     * Rejects the settings of a block that its reader does not read, so that a misspelt key is not
     * silently ignored. {@code name} is always allowed.
     *
     * @param block the block's settings
     * @param prefix the block's key in a job file, e.g. {@code job.target}
     * @param owner what reads the block, for the message, e.g. {@code target 'gaussian'}
     * @param fields the settings it reads besides {@code name}
     * @throws ConfigurationException naming {@code <prefix>.<setting>} and listing the allowed
     *     settings, for the first setting not allowed
     */
    public static void allowOnly(Config block, String prefix, String owner, String... fields) {
        Set<String> allowed = new LinkedHashSet<>();
        allowed.add("name");
        allowed.addAll(List.of(fields));
        for (String field : block.root().keySet()) {
            if (!allowed.contains(field)) {
                throw new ConfigurationException(prefix + "." + field, "unknown setting for " + owner
                        + "; allowed settings: " + String.join(", ", allowed));
            }
        }
    }
}
