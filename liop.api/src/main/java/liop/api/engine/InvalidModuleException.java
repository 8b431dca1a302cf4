package liop.api.engine;

/** The bytes are not a module the engine can run: malformed, invalid, or not compilable. */
public class InvalidModuleException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidModuleException(String message) {
        super(message);
    }

    public InvalidModuleException(String message, Throwable cause) {
        super(message, cause);
    }
}
