package replex.core;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.typesafe.config.Config;

/**
 * Checks of the keys of a job's blocks, shared by every reader of a job file: the job spec's
 * ({@code io}), the targets' ({@code job.target}) and the objectives' ({@code job.objective}).
 */
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
        String field = firstUnknown(block.root().keySet(), allowed);
        if (field != null) {
            throw new ConfigurationException(prefix + "." + field, "unknown setting for " + owner
                    + "; allowed settings: " + String.join(", ", allowed));
        }
    }

    /**
     * @param keys the keys given, in the order to report them
     * @param allowed the allowed keys
     * @return the first of {@code keys} not in {@code allowed}, or {@code null} if all are allowed
     */
    public static String firstUnknown(Iterable<String> keys, Collection<String> allowed) {
        for (String key : keys) {
            if (!allowed.contains(key)) {
                return key;
            }
        }
        return null;
    }

    /**
     * @param key a key not allowed
     * @param allowed the allowed keys
     * @return the allowed key within edit distance 2 of {@code key} (case ignored), the first of the
     *     nearest, or {@code null}: the "did you mean" of an error
     */
    public static String closest(String key, Collection<String> allowed) {
        String best = null;
        int bestDistance = 3;
        String k = key.toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            int d = distance(k, a.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = a;
            }
        }
        return best;
    }

    /** Optimal string alignment distance (Levenshtein with adjacent transpositions). */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
