package replex.cli;

/** The exit codes of every {@code replex} command. */
public final class ExitCodes {

    /** The command did what was asked. */
    public static final int OK = 0;
    /** The input was valid but the run failed (a target bug, an I/O error, an internal error). */
    public static final int RUN_FAILED = 1;
    /** Invalid input: a bad option, a missing or invalid job file; nothing ran. */
    public static final int USAGE = 2;
    /**
     * Stopped on request (Ctrl-C) after writing a checkpoint; {@code replex resume} continues. When the
     * request was a signal, the JVM exits with the signal's status instead (130 SIGINT, 143 SIGTERM).
     */
    public static final int STOPPED = 130;

    private ExitCodes() {
    }
}
