package liop.engine.support.run;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;

/**
 * Captures a guest's output stream up to a byte limit and drops the rest, remembering that it did:
 * a guest that floods its output costs the host CPU time (bounded by the deadline), never memory.
 * Written by the guest's thread, read by the caller's: every method is synchronized.
 */
public final class BoundedOutput extends OutputStream {

    private final int limitBytes;
    private final ByteArrayOutputStream kept;
    private boolean truncated;

    public BoundedOutput(int limitBytes) {
        this.limitBytes = limitBytes;
        this.kept = new ByteArrayOutputStream(Math.min(limitBytes, 8192));
    }

    @Override
    public synchronized void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        int room = limitBytes - kept.size();
        int keep = Math.min(room, length);
        kept.write(bytes, offset, keep);
        truncated |= keep < length;
    }

    public synchronized byte[] bytes() {
        return kept.toByteArray();
    }

    public synchronized boolean truncated() {
        return truncated;
    }
}
