package liop.node.metering;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.Table;
import com.dylibso.chicory.wasm.types.TableLimits;
import com.dylibso.chicory.wasm.types.ValType;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.zip.CRC32;
import liop.node.metering.Chicory.Mode;

/**
 * Runs a module on Chicory the way the differential fuzz test compares an original with its
 * metered rewrite: instantiate (start section included), {@code _start} with a fixed stdin, then
 * every other exported function, with all arguments zero, and those that take arguments once more
 * with all arguments five.
 * After each step it records how the step ended and the instance's state (memory, globals,
 * tables, output so far).
 *
 * <p>Everything is bounded and deterministic: memory and tables are capped (a module that starts
 * above the cap is not run), output is kept up to a size and hashed beyond, the clock is fixed and
 * the random source seeded, imports other than WASI's get stubs returning zeros, and the whole run
 * has a wall-clock deadline, after which it is interrupted.
 */
final class DifferentialRun {

    static final int MEMORY_MAX_PAGES = 64; // 4 MiB
    static final long TABLE_MAX_ELEMENTS = 10_000;
    static final int MAX_EXPORTS_CALLED = 16;
    static final int OUTPUT_KEPT_BYTES = 4096;
    static final String STDIN = "{\"params\": {\"n\": 50, \"group_by\": \"k\", \"field\": \"v\", \"pattern\": \"a\", \"dir\": \"/\"},"
            + " \"records\": [{\"k\": \"a\", \"v\": 1}, {\"k\": \"b\", \"v\": 2.5}, {\"k\": \"a\", \"v\": -3}]}";
    private static final long[] ARGUMENT_VALUES = {0, 5};
    private static final long WORKER_STACK_BYTES = 8 << 20;
    static final int IOVEC_MAX_BYTES = 1 << 20;
    private static final java.util.Set<String> IOVEC_FUNCTIONS = java.util.Set.of("fd_read", "fd_write", "fd_pread", "fd_pwrite");
    private static final long EINVAL = 28;

    /** How a run ended. Only the steps before an end other than COMPLETE are comparable. */
    enum End {
        COMPLETE,
        /** The metered module ran out of fuel in the last step; that step is not recorded. */
        OUT_OF_FUEL,
        /** The run was interrupted at its deadline in the last step, not recorded. */
        DEADLINE,
        /** The JVM stack overflowed in the last step (the depth differs with JIT state), not recorded. */
        STACK_OVERFLOW
    }

    /** One step and the state it left. */
    record Step(String what, String outcome, String state) {
        @Override
        public String toString() {
            return what + " -> " + outcome + " | " + state;
        }
    }

    record Result(List<Step> steps, End end, String endedIn, long fuelUsed) {}

    private DifferentialRun() {}

    /** Why a module parsed by Chicory cannot be run within the caps, if it cannot. */
    static Optional<String> beyondCaps(WasmModule module) {
        var memories = module.memorySection();
        if (memories.isPresent()) {
            for (int i = 0; i < memories.get().memoryCount(); i++) {
                if (memories.get().getMemory(i).limits().initialPages() > MEMORY_MAX_PAGES) {
                    return Optional.of("memory starts above " + MEMORY_MAX_PAGES + " pages");
                }
            }
        }
        var tables = module.tableSection();
        for (int i = 0; i < tables.tableCount(); i++) {
            if (tables.getTable(i).limits().min() > TABLE_MAX_ELEMENTS) {
                return Optional.of("a table starts above " + TABLE_MAX_ELEMENTS + " elements");
            }
        }
        return Optional.empty();
    }

    /**
     * Runs the module.
     *
     * @param exports the exported functions to call after {@code _start}, in order (the original's)
     * @param fuelLimit the limit the module was metered with, or -1 for an unmetered module
     * @param maxSteps steps to take at most (the original needs no more than its metered twin took)
     */
    static Result run(byte[] wasm, List<String> exports, long fuelLimit, int maxSteps, Mode mode, Duration deadline) {
        List<Step> steps = Collections.synchronizedList(new ArrayList<>());
        String[] current = {"parse"};
        End[] end = {End.COMPLETE};
        long[] fuel = {0};
        Instance[] instance = {null};
        Throwable[] unexpected = {null};

        Thread worker = Thread.ofPlatform().name("differential-run").daemon().stackSize(WORKER_STACK_BYTES).unstarted(() -> {
            try {
                end[0] = runSteps(wasm, exports, fuelLimit, maxSteps, mode, steps, current, fuel, instance);
            } catch (Throwable e) {
                unexpected[0] = e;
            }
        });
        worker.start();
        try {
            worker.join(deadline);
            if (worker.isAlive()) {
                worker.interrupt();
                worker.join(Duration.ofSeconds(10)); // Chicory checks for interruption on branches and calls
                if (worker.isAlive()) {
                    throw new AssertionError("a run did not stop within 10 s of being interrupted, in " + current[0]);
                }
                synchronized (steps) {
                    return new Result(List.copyOf(steps), End.DEADLINE, current[0], fuel[0]);
                }
            }
        } catch (InterruptedException e) {
            worker.interrupt();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        if (unexpected[0] != null) {
            throw new AssertionError("the differential harness failed in " + current[0] + ": " + unexpected[0], unexpected[0]);
        }
        return new Result(List.copyOf(steps), end[0], current[0], fuel[0]);
    }

    private static End runSteps(byte[] wasm, List<String> exports, long fuelLimit, int maxSteps, Mode mode,
            List<Step> steps, String[] current, long[] fuel, Instance[] holder) {
        WasmModule module = Parser.parse(wasm);
        var stdout = new BoundedOutput();
        var stderr = new BoundedOutput();
        var options = WasiOptions.builder()
                .withStdin(new ByteArrayInputStream(STDIN.getBytes(UTF_8)))
                .withStdout(stdout)
                .withStderr(stderr)
                .withClock(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC))
                .withRandom(new Random(42))
                .build();
        try (var wasi = WasiPreview1.builder().withOptions(options).build()) {
            current[0] = "instantiate";
            Instance instance;
            try {
                instance = Instance.builder(module)
                        .withImportValues(imports(module, wasi.toHostFunctions()))
                        .withMachineFactory(mode.machineFactory(module))
                        .withMemoryFactory(limits -> new ByteArrayMemory(new MemoryLimits(
                                limits.initialPages(), Math.min(limits.maximumPages(), MEMORY_MAX_PAGES), limits.shared())))
                        .withTableFactory((table, init) -> new TableInstance(new Table(table.elementType(),
                                new TableLimits(table.limits().min(), Math.min(table.limits().max(), TABLE_MAX_ELEMENTS))), init))
                        .withInitialize(false)
                        .build();
            } catch (RuntimeException e) {
                steps.add(new Step("instantiate", "failed " + Chicory.describe(e), ""));
                return End.COMPLETE;
            }
            holder[0] = instance;
            List<Call> calls = new ArrayList<>();
            List<String> names = new ArrayList<>();
            names.add("initialize");
            calls.add(() -> {
                instance.initialize(false);
                return new long[0];
            });
            if (exports.contains("_start")) {
                names.add("_start");
                calls.add(() -> instance.export("_start").apply());
            }
            for (String name : exports) {
                if (name.equals("_start")) {
                    continue;
                }
                int slots = ValType.sizeOf(instance.exportType(name).params());
                for (long value : ARGUMENT_VALUES) {
                    names.add(slots == 0 ? name + "()" : name + "(" + value + "...)");
                    calls.add(() -> {
                        long[] args = new long[slots];
                        Arrays.fill(args, value);
                        return instance.export(name).apply(args);
                    });
                    if (slots == 0) {
                        break;
                    }
                }
            }
            for (int i = 0; i < calls.size() && i < maxSteps; i++) {
                current[0] = names.get(i);
                String outcome;
                try {
                    outcome = "returned " + Arrays.toString(calls.get(i).run());
                } catch (WasiExitException e) {
                    outcome = "exit " + e.exitCode();
                } catch (StackOverflowError e) {
                    return End.STACK_OVERFLOW;
                } catch (RuntimeException e) {
                    String trap = Chicory.describe(e);
                    if (Thread.currentThread().isInterrupted() || trap.startsWith("ChicoryInterruptedException")) {
                        return End.DEADLINE;
                    }
                    if (trap.startsWith("StackOverflowError")) { // wrapped by Chicory
                        return End.STACK_OVERFLOW;
                    }
                    outcome = "trapped " + trap;
                }
                if (fuelLimit >= 0) {
                    fuel[0] = Chicory.fuelUsed(instance).orElseThrow();
                    if (FuelMeter.isOutOfFuel(fuel[0], fuelLimit)) {
                        return End.OUT_OF_FUEL;
                    }
                }
                steps.add(new Step(names.get(i), outcome, state(instance, module, fuelLimit >= 0, stdout, stderr)));
            }
            return End.COMPLETE;
        }
    }

    @FunctionalInterface
    private interface Call {
        long[] run();
    }

    /** WASI functions where the module imports them with WASI's types; a stub returning zeros for every other function. */
    private static ImportValues imports(WasmModule module, HostFunction[] wasi) {
        Map<String, HostFunction> byName = new HashMap<>();
        for (HostFunction f : wasi) {
            byName.put(f.module() + "\0" + f.name(), f);
        }
        List<ImportFunction> functions = new ArrayList<>();
        var imports = module.importSection();
        for (int i = 0; i < imports.importCount(); i++) {
            if (imports.getImport(i) instanceof FunctionImport imp) {
                FunctionType type = module.typeSection().getType(imp.typeIndex());
                HostFunction wasiFunction = byName.get(imp.module() + "\0" + imp.name());
                if (wasiFunction != null && wasiFunction.functionType().equals(type)) {
                    functions.add(IOVEC_FUNCTIONS.contains(imp.name()) ? withBoundedIovecs(wasiFunction) : wasiFunction);
                } else {
                    int results = ValType.sizeOf(type.returns());
                    functions.add(new HostFunction(imp.module(), imp.name(), type, (inst, args) -> new long[results]));
                }
            }
        }
        return ImportValues.builder().withFunctions(functions).build();
    }

    /**
     * Chicory's {@code fd_read} allocates a buffer of each iovec's length before it reads, whatever
     * the input holds: one call with a 2 GB iovec takes 2 GB of heap (the hostile corpus knows this
     * as iovec amplification). These runs refuse iovecs above {@value #IOVEC_MAX_BYTES} bytes (and
     * more than 1024 iovecs) with EINVAL instead, the same way for both modules, so that a fuzzed module cannot exhaust the
     * fuzzer's heap.
     */
    private static HostFunction withBoundedIovecs(HostFunction wasi) {
        return new HostFunction(wasi.module(), wasi.name(), wasi.functionType(), (instance, args) -> {
            Memory memory = instance.memory();
            long iovs = args[1] & 0xFFFF_FFFFL, count = args[2] & 0xFFFF_FFFFL;
            if (count > 1024) {
                return new long[] {EINVAL};
            }
            if (memory != null && iovs + 8 * count <= (long) memory.pages() * Memory.PAGE_SIZE) {
                for (int i = 0; i < count; i++) {
                    long length = memory.readInt((int) (iovs + 8L * i + 4)) & 0xFFFF_FFFFL;
                    if (length > IOVEC_MAX_BYTES) {
                        return new long[] {EINVAL};
                    }
                }
            }
            return wasi.handle().apply(instance, args);
        });
    }

    /** Memory, the original's globals (the fuel counter, appended last, is left out), tables and output. */
    private static String state(Instance instance, WasmModule module, boolean metered, BoundedOutput stdout, BoundedOutput stderr) {
        StringBuilder state = new StringBuilder();
        Memory memory = module.memorySection().isPresent() ? instance.memory() : null;
        if (memory != null) {
            CRC32 crc = new CRC32();
            crc.update(memory.readBytes(0, memory.pages() * Memory.PAGE_SIZE));
            state.append("memory ").append(memory.pages()).append(" pages crc ").append(Long.toHexString(crc.getValue()));
        }
        int globals = instance.globalCount() - (metered ? 1 : 0);
        state.append(" globals");
        for (int i = 0; i < globals; i++) {
            var g = instance.global(i);
            state.append(' ').append(g.getValueLow());
            if (g.getValueHigh() != 0) {
                state.append(':').append(g.getValueHigh());
            }
        }
        for (int t = 0; t < instance.tableCount(); t++) {
            TableInstance table = instance.table(t);
            int[] refs = new int[table.size()];
            for (int i = 0; i < refs.length; i++) {
                refs[i] = table.ref(i);
            }
            state.append(" table").append(t).append(' ').append(refs.length).append(" #").append(Arrays.hashCode(refs));
        }
        state.append(" stdout ").append(stdout).append(" stderr ").append(stderr);
        return state.toString();
    }

    /** Keeps the first bytes written and a checksum of all of them. */
    private static final class BoundedOutput extends OutputStream {
        private final StringBuilder kept = new StringBuilder();
        private final CRC32 crc = new CRC32();
        private long count;

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            crc.update(b, off, len);
            int keep = (int) Math.max(0, Math.min(len, OUTPUT_KEPT_BYTES - count));
            kept.append(new String(b, off, keep, UTF_8));
            count += len;
        }

        @Override
        public String toString() {
            return count + " bytes crc " + Long.toHexString(crc.getValue()) + (count == 0 ? "" : " " + kept.toString().replace("\n", "\\n"));
        }
    }
}
