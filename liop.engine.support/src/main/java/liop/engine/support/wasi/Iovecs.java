package liop.engine.support.wasi;

import com.dylibso.chicory.runtime.Memory;

/** The iovec arrays of {@code fd_read} and {@code fd_write}: {@code (buf: u32, buf_len: u32)} pairs in guest memory. */
final class Iovecs {

    private static final int IOVEC_BYTES = 8;

    private Iovecs() {}

    /**
     * Whether the array of {@code count} iovecs at {@code iovs}, and every buffer it names, lies in
     * {@code memory} (null when the module has none).
     */
    static boolean inMemory(Memory memory, int iovs, int count) {
        long size = memory == null ? 0 : (long) memory.pages() * Memory.PAGE_SIZE;
        if (Integer.toUnsignedLong(iovs) + (long) IOVEC_BYTES * Integer.toUnsignedLong(count) > size) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            long buffer = Integer.toUnsignedLong(memory.readInt(iovs + IOVEC_BYTES * i));
            if (buffer + length(memory, iovs, i) > size) {
                return false;
            }
        }
        return true;
    }

    /** The length of the buffer of iovec {@code i}. */
    static long length(Memory memory, int iovs, int i) {
        return Integer.toUnsignedLong(memory.readInt(iovs + IOVEC_BYTES * i + 4));
    }
}
