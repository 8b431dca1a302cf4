package liop.runtime;

/**
 * The launcher's exit codes. The same numbers are returned by the commands in the liop.client
 * bundle (liop.client.cli.CliContract); the two sides share no classes, only these values.
 */
final class ExitCode {
    static final int OK = 0;
    /** The module ran but did not end with status ok. */
    static final int NOT_OK = 1;
    /** The command line is wrong. */
    static final int USAGE = 2;
    /** The node could not start. */
    static final int NODE_FAILED = 3;

    private ExitCode() {}
}
