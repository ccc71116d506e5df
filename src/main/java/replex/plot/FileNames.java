package replex.plot;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Safe, unique file-name parts for parameter names: {@code beta[1]} → {@code beta_1},
 * {@code x 0} → {@code x_0}. Names that become equal (also when differing only in case, for
 * case-insensitive file systems) get {@code _2}, {@code _3}, … Not thread-safe.
 */
final class FileNames {

    private static final int MAX_LENGTH = 80;

    private final Set<String> used = new HashSet<>();

    /**
     * @param name a parameter name
     * @return a file-name part of letters, digits, {@code .}, {@code -} and {@code _}, not used
     *     before by this instance
     */
    String unique(String name) {
        String base = sanitise(name);
        String candidate = base;
        for (int i = 2; !used.add(candidate.toLowerCase(Locale.ROOT)); i++) {
            candidate = base + "_" + i;
        }
        return candidate;
    }

    /** @return the name with every run of other characters replaced by one {@code _}, trimmed */
    static String sanitise(String name) {
        String s = name.replaceAll("[^A-Za-z0-9.\\-]+", "_").replaceAll("^[_.]+|_+$", "");
        if (s.length() > MAX_LENGTH) {
            s = s.substring(0, MAX_LENGTH);
        }
        return s.isEmpty() ? "parameter" : s;
    }
}
