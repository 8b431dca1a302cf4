package liop.client.wat;

/** The text is not a valid module; the message is what wat2wasm said, with line and column. */
public final class WatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String sourceName;

    public WatException(String sourceName, String diagnostics) {
        super(diagnostics);
        this.sourceName = sourceName;
    }

    public String sourceName() {
        return sourceName;
    }
}
