package liop.node.guardian;

/** The bytes are not a well-formed WebAssembly module; the message says where and why. */
public final class ModuleFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public ModuleFormatException(String message) {
        super(message);
    }
}
