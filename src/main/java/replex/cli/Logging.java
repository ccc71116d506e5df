package replex.cli;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;

/**
 * Switches Replex's own log messages to INFO for {@code --verbose}. By default
 * ({@code logback.xml}) only warnings and errors reach stderr; {@code -Dreplex.log.level=INFO}
 * does the same as this from the start of the JVM.
 */
final class Logging {

    /** The logger of every Replex class. */
    static final String REPLEX_LOGGER = "replex";
    /** System property read by {@code logback.xml}. */
    static final String LEVEL_PROPERTY = "replex.log.level";

    private Logging() {
    }

    /**
     * Sets the {@code replex} logger to INFO.
     *
     * @return restores the previous level (for a command run inside a longer-lived JVM)
     */
    static Runnable verbose() {
        String property = System.getProperty(LEVEL_PROPERTY);
        System.setProperty(LEVEL_PROPERTY, "INFO");
        if (LoggerFactory.getLogger(REPLEX_LOGGER) instanceof ch.qos.logback.classic.Logger logger) {
            Level previous = logger.getLevel();
            logger.setLevel(Level.INFO);
            return () -> {
                logger.setLevel(previous);
                restore(property);
            };
        }
        return () -> restore(property);
    }

    private static void restore(String property) {
        if (property == null) {
            System.clearProperty(LEVEL_PROPERTY);
        } else {
            System.setProperty(LEVEL_PROPERTY, property);
        }
    }
}
