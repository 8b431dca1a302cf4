package liop.engine.support.wasi;

/**
 * The few WASI preview1 numbers the guards need, from the preview1 specification (Chicory keeps its
 * own copies package-private).
 */
final class Wasi {

    static final int ESUCCESS = 0;
    static final int EFAULT = 21;
    static final int EMFILE = 33;
    static final int EROFS = 69;
    static final int ENOTCAPABLE = 76;

    /** {@code oflags}: create the file if missing. */
    static final long OFLAGS_CREAT = 1;
    /** {@code oflags}: truncate the file to size 0. */
    static final long OFLAGS_TRUNC = 1 << 3;
    /** {@code fdflags}: append mode. */
    static final long FDFLAGS_APPEND = 1;
    /** {@code rights}: the right to write to the descriptor. */
    static final long RIGHTS_FD_WRITE = 1 << 6;

    private Wasi() {}
}
