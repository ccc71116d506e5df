package replex.cli;

/** The exit codes of every {@code replex} command. */
public final class ExitCodes {

    /** The command did what was asked. */
    public static final int OK = 0;
    /** The input was valid but the run failed (a target bug, an I/O error, an internal error). */
    public static final int RUN_FAILED = 1;
    /** Invalid input: a bad option, a missing or invalid job file; nothing ran. */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
