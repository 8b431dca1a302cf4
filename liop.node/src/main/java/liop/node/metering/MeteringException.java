package liop.node.metering;

/**
 * A module the fuel meter cannot rewrite: either its bytes are not well-formed WebAssembly, or it
 * uses a feature the meter refuses (the message names it). Either way the module must not run.
 */
public final class MeteringException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a module was refused. */
    public enum Reason {
        /** The bytes are not a well-formed (or not a valid) WebAssembly module. */
        MALFORMED,
        /** Well-formed, but it uses a feature metering does not support (message starts with "unsupported: "). */
        UNSUPPORTED
    }

    private final Reason reason;
    private final int offset;

    private MeteringException(Reason reason, int offset, String detail) {
        super("cannot meter module: " + detail + " (at byte offset " + offset + ")");
        this.reason = reason;
        this.offset = offset;
    }

    static MeteringException malformed(int offset, String detail) {
        return new MeteringException(Reason.MALFORMED, offset, detail);
    }

    static MeteringException unsupported(int offset, String feature) {
        return new MeteringException(Reason.UNSUPPORTED, offset, "unsupported: " + feature);
    }

    public Reason reason() {
        return reason;
    }

    /** Where in the module the problem was found. */
    public int offset() {
        return offset;
    }
}
