package liop.engine.support.wasi;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasi.WasiPreview1;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The WASI preview1 functions a guest gets: Chicory's {@link WasiPreview1}, with the calls that would
 * give ambient authority or change files replaced by name, so the guest gets a plain errno.
 *
 * <ul>
 *   <li>{@code clock_time_get}, {@code clock_res_get} and {@code poll_oneoff} fail with {@code
 *       ENOTCAPABLE} unless the sandbox grants the clock, {@code poll_oneoff} whatever it waits for:
 *       a timeout is a clock by another name, and stdin, complete before the guest starts, needs no
 *       waiting. {@code random_get} fails the same way unless the sandbox grants randomness.
 *   <li>Sockets fail with {@code ENOTCAPABLE} (Chicory would trap instead).
 *   <li>Creating, renaming, linking, deleting, truncating, allocating or re-timing anything, and
 *       opening a file for writing, creation or truncation, fail with {@code EROFS}.
 *   <li>{@code path_open} fails with {@code EMFILE} once the guest holds {@value #OPENABLE_DESCRIPTORS}
 *       descriptors of its own.
 *   <li>{@code fd_read}, {@code fd_pread} and {@code fd_write} fail with {@code EFAULT} when an
 *       iovec reaches past the guest's memory. Chicory allocates a host buffer of each iovec's
 *       length before looking at it: a one-page guest asking to read 2 GiB made the host allocate
 *       2 GiB, per call.
 *   <li>{@code fd_write} hands Chicory one iovec at a time and stops at the deadline between two:
 *       a single call with thousands of iovecs over the whole memory would otherwise copy gigabytes
 *       on a thread the deadline cannot stop.
 *   <li>{@code proc_raise} ends the run as a trap that names the signal.
 * </ul>
 *
 * This is the layer that gives the guest clear answers. The layer that guarantees them is the
 * {@link liop.engine.support.fs.ConfinedFileSystem} behind every preopen: even a call missed here
 * cannot write or leave the directory.
 */
final class GuardedWasi {

    /** Descriptors a guest may hold open beyond stdio and its preopens. */
    static final int OPENABLE_DESCRIPTORS = 128;

    private static final List<String> PATH_WRITES = List.of(
            "path_create_directory", "path_filestat_set_times", "path_link", "path_remove_directory",
            "path_rename", "path_symlink", "path_unlink_file");
    private static final List<String> FD_WRITES = List.of(
            "fd_allocate", "fd_filestat_set_size", "fd_filestat_set_times", "fd_pwrite");
    private static final List<String> SOCKETS = List.of("sock_accept", "sock_recv", "sock_send", "sock_shutdown");
    private static final List<String> CLOCKS = List.of("clock_time_get", "clock_res_get", "poll_oneoff");
    private static final int LAST_STDIO_FD = 2;
    private static final long WRITE_OPEN_FLAGS = Wasi.OFLAGS_CREAT | Wasi.OFLAGS_TRUNC;

    private final Map<String, Guard> guards = new HashMap<>();
    private final DescriptorBudget descriptors;

    private GuardedWasi(boolean clock, boolean random, int preopenCount) {
        this.descriptors = new DescriptorBudget(LAST_STDIO_FD + 1 + preopenCount, OPENABLE_DESCRIPTORS);
        if (!clock) {
            CLOCKS.forEach(name -> guards.put(name, fail(Wasi.ENOTCAPABLE)));
        }
        if (!random) {
            guards.put("random_get", fail(Wasi.ENOTCAPABLE));
        }
        SOCKETS.forEach(name -> guards.put(name, fail(Wasi.ENOTCAPABLE)));
        PATH_WRITES.forEach(name -> guards.put(name, fail(Wasi.EROFS)));
        FD_WRITES.forEach(name -> guards.put(name, GuardedWasi::onlyOnStdio));
        guards.put("fd_read", GuardedWasi::iovecsInMemory);
        guards.put("fd_pread", GuardedWasi::iovecsInMemory);
        guards.put("fd_write", GuardedWasi::writeIovecByIovec);
        guards.put("proc_raise", GuardedWasi::raise);
        guards.put("path_open", this::openReadOnly);
        guards.put("fd_close", this::close);
        guards.put("fd_renumber", this::renumber);
    }

    /**
     * The host functions for one execution.
     *
     * @param wasi Chicory's implementation, configured with the sandbox's streams, arguments,
     *     environment and confined preopens
     * @param clock whether the guest may read clocks
     * @param random whether the guest may read random bytes
     * @param preopenCount how many directories {@code wasi} preopens
     */
    static HostFunction[] hostFunctions(WasiPreview1 wasi, boolean clock, boolean random, int preopenCount) {
        return new GuardedWasi(clock, random, preopenCount).wrap(wasi.toHostFunctions());
    }

    private HostFunction[] wrap(HostFunction[] functions) {
        Map<String, Guard> unused = new HashMap<>(guards);
        HostFunction[] wrapped = new HostFunction[functions.length];
        for (int i = 0; i < functions.length; i++) {
            HostFunction function = functions[i];
            Guard guard = unused.remove(function.name());
            wrapped[i] = guard == null ? function : guarded(function, guard);
        }
        if (!unused.isEmpty()) {
            // A Chicory upgrade renamed a function we guard: refuse to run unguarded.
            throw new IllegalStateException("WASI functions to guard not found in Chicory: " + unused.keySet());
        }
        return wrapped;
    }

    private static HostFunction guarded(HostFunction function, Guard guard) {
        WasmFunctionHandle original = function.handle();
        return new HostFunction(function.module(), function.name(), function.functionType(),
                (instance, args) -> guard.call(original, instance, args));
    }

    // ---- guards ----

    private static Guard fail(int errno) {
        return (original, instance, args) -> errno(errno);
    }

    /** Streams answer these calls themselves (with an error); everything else is a read-only file. */
    private static long[] onlyOnStdio(WasmFunctionHandle original, Instance instance, long[] args) {
        return args[0] <= LAST_STDIO_FD ? original.apply(instance, args) : errno(Wasi.EROFS);
    }

    // fd_read(fd, iovs, iovs_len, nread), fd_pread(fd, iovs, iovs_len, offset, nread)
    private static long[] iovecsInMemory(WasmFunctionHandle original, Instance instance, long[] args) {
        return Iovecs.inMemory(instance.memory(), (int) args[1], (int) args[2])
                ? original.apply(instance, args)
                : errno(Wasi.EFAULT);
    }

    // fd_write(fd, iovs, iovs_len, nwritten)
    private static long[] writeIovecByIovec(WasmFunctionHandle original, Instance instance, long[] args) {
        Memory memory = instance.memory();
        int iovs = (int) args[1];
        int count = (int) args[2];
        int nwritten = (int) args[3];
        if (!Iovecs.inMemory(memory, iovs, count)) {
            return errno(Wasi.EFAULT);
        }
        if (count <= 1) {
            return original.apply(instance, args);
        }
        int total = 0;
        for (int i = 0; i < count; i++) {
            if (Thread.currentThread().isInterrupted()) {
                throw new ChicoryInterruptedException("Thread interrupted");
            }
            long[] result = original.apply(instance, new long[] {args[0], iovs + 8L * i, 1, nwritten});
            if (!succeeded(result)) {
                return result;
            }
            int written = memory.readInt(nwritten);
            total += written;
            if (written < Iovecs.length(memory, iovs, i)) {
                break; // a short write ends the call, as in Chicory's own loop
            }
        }
        memory.writeI32(nwritten, total);
        return errno(Wasi.ESUCCESS);
    }

    // proc_raise(sig)
    private static long[] raise(WasmFunctionHandle original, Instance instance, long[] args) {
        throw new TrapException("it raised signal " + args[0] + " with proc_raise, which ends it");
    }

    // path_open(fd, dirflags, path, path_len, oflags, rights_base, rights_inheriting, fdflags, fd_out)
    private long[] openReadOnly(WasmFunctionHandle original, Instance instance, long[] args) {
        boolean writes = (args[4] & WRITE_OPEN_FLAGS) != 0
                || (args[5] & Wasi.RIGHTS_FD_WRITE) != 0
                || (args[7] & Wasi.FDFLAGS_APPEND) != 0;
        if (writes) {
            return errno(Wasi.EROFS);
        }
        if (!descriptors.canOpen()) {
            return errno(Wasi.EMFILE);
        }
        long[] result = original.apply(instance, args);
        if (succeeded(result)) {
            descriptors.opened();
        }
        return result;
    }

    private long[] close(WasmFunctionHandle original, Instance instance, long[] args) {
        long[] result = original.apply(instance, args);
        if (succeeded(result)) {
            descriptors.closed();
        }
        return result;
    }

    // fd_renumber(from, to) closes `to` and moves `from` there
    private long[] renumber(WasmFunctionHandle original, Instance instance, long[] args) {
        long[] result = original.apply(instance, args);
        if (succeeded(result) && args[0] != args[1]) {
            descriptors.closed();
        }
        return result;
    }

    private static boolean succeeded(long[] result) {
        return result[0] == Wasi.ESUCCESS;
    }

    private static long[] errno(int errno) {
        return new long[] {errno};
    }

    @FunctionalInterface
    private interface Guard {
        long[] call(WasmFunctionHandle original, Instance instance, long[] args);
    }
}
