package replex.core;

/**
 * Bad input in a job specification or a target's settings: names the offending key and says
 * what is allowed. The command line reports its message (no stack trace) and exits with code 2.
 */
public class ConfigurationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String key;

    /**
     * @param key the offending key as written in a job file, e.g. {@code job.temperatures.count}
     *     or {@code target.class}; may be {@code null} when the problem is not tied to one key
     * @param message what is wrong and what is allowed
     */
    public ConfigurationException(String key, String message) {
        super(key == null ? message : key + ": " + message);
        this.key = key;
    }

    public ConfigurationException(String key, String message, Throwable cause) {
        super(key == null ? message : key + ": " + message, cause);
        this.key = key;
    }

    /** @return the offending key, or {@code null} */
    public String key() {
        return key;
    }
}
