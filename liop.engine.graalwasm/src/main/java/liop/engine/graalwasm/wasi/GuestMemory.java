package liop.engine.graalwasm.wasi;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.types.DataSegment;
import java.nio.ByteOrder;
import org.graalvm.polyglot.Value;

/**
 * A GraalWasm instance's linear memory, seen through Chicory's {@link Memory} interface, so that
 * Chicory's WASI functions can read and write it. Every access goes through the polyglot buffer
 * API of the exported memory; an access out of bounds fails as it does in Chicory's own memories,
 * with a {@link WasmRuntimeException} the run reports as an out-of-bounds trap.
 *
 * <p>Only what WASI functions use is supported: they never grow memory or run atomics.
 */
final class GuestMemory implements Memory {

    private static final ByteOrder WASM = ByteOrder.LITTLE_ENDIAN;

    private final Value buffer;

    GuestMemory(Value buffer) {
        this.buffer = buffer;
    }

    @Override
    public int pages() {
        return (int) (buffer.getBufferSize() / PAGE_SIZE);
    }

    @Override
    public int initialPages() {
        return 0;
    }

    @Override
    public int maximumPages() {
        return RUNTIME_MAX_PAGES;
    }

    @Override
    public boolean shared() {
        return false;
    }

    // ---- reads ----

    @Override
    public byte read(int addr) {
        check(addr, 1);
        return buffer.readBufferByte(addr);
    }

    @Override
    public byte[] readBytes(int addr, int len) {
        check(addr, len);
        byte[] bytes = new byte[len];
        buffer.readBuffer(addr, bytes, 0, len);
        return bytes;
    }

    @Override
    public short readShort(int addr) {
        check(addr, Short.BYTES);
        return buffer.readBufferShort(WASM, addr);
    }

    @Override
    public long readU16(int addr) {
        return Short.toUnsignedLong(readShort(addr));
    }

    @Override
    public int readInt(int addr) {
        check(addr, Integer.BYTES);
        return buffer.readBufferInt(WASM, addr);
    }

    @Override
    public long readLong(int addr) {
        check(addr, Long.BYTES);
        return buffer.readBufferLong(WASM, addr);
    }

    @Override
    public float readFloat(int addr) {
        return Float.intBitsToFloat(readInt(addr));
    }

    @Override
    public long readF32(int addr) {
        return readInt(addr);
    }

    @Override
    public double readDouble(int addr) {
        return Double.longBitsToDouble(readLong(addr));
    }

    @Override
    public long readF64(int addr) {
        return readLong(addr);
    }

    // ---- writes ----

    /** Eight bytes per call where it can: each call crosses into the guest language. */
    @Override
    public void write(int addr, byte[] data, int offset, int size) {
        check(addr, size);
        int i = 0;
        for (; i + Long.BYTES <= size; i += Long.BYTES) {
            long word = 0;
            for (int b = Long.BYTES - 1; b >= 0; b--) {
                word = (word << 8) | (data[offset + i + b] & 0xffL);
            }
            buffer.writeBufferLong(WASM, addr + i, word);
        }
        for (; i < size; i++) {
            buffer.writeBufferByte(addr + i, data[offset + i]);
        }
    }

    @Override
    public void writeByte(int addr, byte data) {
        check(addr, 1);
        buffer.writeBufferByte(addr, data);
    }

    @Override
    public void writeShort(int addr, short data) {
        check(addr, Short.BYTES);
        buffer.writeBufferShort(WASM, addr, data);
    }

    @Override
    public void writeI32(int addr, int data) {
        check(addr, Integer.BYTES);
        buffer.writeBufferInt(WASM, addr, data);
    }

    @Override
    public void writeLong(int addr, long data) {
        check(addr, Long.BYTES);
        buffer.writeBufferLong(WASM, addr, data);
    }

    @Override
    public void writeF32(int addr, float data) {
        writeI32(addr, Float.floatToRawIntBits(data));
    }

    @Override
    public void writeF64(int addr, double data) {
        writeLong(addr, Double.doubleToRawLongBits(data));
    }

    @Override
    public void fill(byte value, int fromIndex, int toIndex) {
        byte[] bytes = new byte[toIndex - fromIndex];
        java.util.Arrays.fill(bytes, value);
        write(fromIndex, bytes, 0, bytes.length);
    }

    @Override
    public void zero() {
        fill((byte) 0, 0, (int) buffer.getBufferSize());
    }

    /** As Chicory's memories do: an access that does not fit fails before anything is touched. */
    private void check(int addr, int size) {
        long limit = buffer.getBufferSize();
        if (addr < 0 || size < 0 || (long) addr + size > limit) {
            throw new WasmRuntimeException("out of bounds memory access: attempted to access address: " + addr
                    + " but limit is: " + limit + " and size: " + size);
        }
    }

    // ---- what WASI functions never do ----

    @Override
    public void initialize(Instance instance, DataSegment[] dataSegments) {
        // the guest's data segments are GraalWasm's business; the bridge instance has none
    }

    @Override
    public void initialize(Instance instance, DataSegment[] dataSegments, int memoryIndex) {
        // as above
    }

    @Override
    public int grow(int size) {
        throw unsupported("grow");
    }

    @Override
    public void initPassiveSegment(int segmentId, int dest, int offset, int size) {
        throw unsupported("memory.init");
    }

    @Override
    public void drop(int segment) {
        throw unsupported("data.drop");
    }

    @Override
    public Object lock(int address) {
        throw unsupported("atomics");
    }

    @Override
    public int waitOn(int address, int expected, long timeout) {
        throw unsupported("atomics");
    }

    @Override
    public int waitOn(int address, long expected, long timeout) {
        throw unsupported("atomics");
    }

    @Override
    public int notify(int address, int maxThreads) {
        throw unsupported("atomics");
    }

    private static UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException(what + " is not available to WASI functions on GraalWasm memory");
    }
}
