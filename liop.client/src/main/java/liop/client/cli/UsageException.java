package liop.client.cli;

/** The command line is wrong; the message says what and how to fix it. */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
