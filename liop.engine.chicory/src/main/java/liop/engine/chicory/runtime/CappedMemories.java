package liop.engine.chicory.runtime;

import com.dylibso.chicory.runtime.ByteBufferMemory;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Creates an instance's linear memory with the module's own declared size and a maximum no larger
 * than the cap, so that {@code memory.grow} past the cap returns -1 to the guest, and remembers it
 * to report the peak (wasm memory never shrinks, so its final size is its peak).
 *
 * <p>Given to Chicory as a memory factory rather than as {@code MemoryLimits}, because Chicory's
 * {@code withMemoryLimits} replaces the module's declared initial size too.
 * {@link ByteBufferMemory} allocates page by page: the host holds exactly what the guest has.
 */
final class CappedMemories {

    private final int capPages;
    private final List<Memory> created = new CopyOnWriteArrayList<>();

    CappedMemories(int capPages) {
        this.capPages = capPages;
    }

    Memory create(MemoryLimits declared) {
        int maximum = Math.min(declared.maximumPages(), capPages);
        Memory memory = new ByteBufferMemory(new MemoryLimits(declared.initialPages(), maximum, declared.shared()));
        created.add(memory);
        return memory;
    }

    long peakBytes() {
        return created.stream().mapToLong(memory -> (long) memory.pages() * Memory.PAGE_SIZE).sum();
    }

    boolean atCap() {
        return created.stream().anyMatch(memory -> memory.pages() >= Math.min(capPages, Memory.RUNTIME_MAX_PAGES));
    }
}
