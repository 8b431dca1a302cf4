package liop.engine.graalwasm.runtime;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import liop.engine.graalwasm.ExecutionMode;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;

/**
 * One polyglot {@link Engine} running the {@code wasm} language: it parses each module once and
 * shares the result with every context that runs it. Each run gets a {@link Context} of its own.
 *
 * <p>Engine and contexts use the {@link SandboxPolicy#CONSTRAINED constrained} sandbox policy: the
 * polyglot API itself checks that guests get no host access, no files, no threads, no processes,
 * no environment and no standard streams. A guest reaches the host only through the WASI functions
 * of its import object. (One exception: an engine asked to interpret on the optimizing runtime.)
 *
 * <p>Which runtime executes guest code is the JVM's business, not the engine's: on a stock JDK,
 * Truffle's interpreter-only fallback runtime; with JVMCI and the Graal compiler on the JVM's module
 * path, the optimizing runtime, which compiles hot guest code to machine code.
 */
public final class GraalWasm {

    public static final String INTERPRETER = "interpreter";
    public static final String OPTIMIZING = "optimizing";
    /** What Truffle's fallback runtime calls itself. */
    private static final String FALLBACK_RUNTIME = "Interpreted";

    private final Engine engine;
    private final SandboxPolicy policy;
    private final String mode;

    private GraalWasm(Engine engine, SandboxPolicy policy, String mode) {
        this.engine = engine;
        this.policy = policy;
        this.mode = mode;
    }

    /**
     * Starts an engine in the mode asked for, if the JVM offers it.
     *
     * @throws IllegalStateException if {@code requested} is {@link ExecutionMode#OPTIMIZING} and the
     *     JVM runs Truffle's fallback runtime
     */
    public static GraalWasm start(ExecutionMode requested) {
        Engine engine = withPolyglotClassLoader(() -> newEngine(false));
        boolean optimizing = !FALLBACK_RUNTIME.equals(engine.getImplementationName());
        if (requested == ExecutionMode.OPTIMIZING && !optimizing) {
            engine.close();
            throw new IllegalStateException("mode optimizing: this JVM runs GraalWasm in Truffle's interpreter-only fallback "
                    + "runtime; the optimizing runtime needs JVMCI and the Graal compiler on the JVM's module path "
                    + "(see the liop.engine.graalwasm README), or set mode to auto or interpreter");
        }
        if (requested == ExecutionMode.INTERPRETER && optimizing) {
            engine.close();
            return new GraalWasm(withPolyglotClassLoader(() -> newEngine(true)), policy(true), INTERPRETER);
        }
        return new GraalWasm(engine, policy(false), optimizing ? OPTIMIZING : INTERPRETER);
    }

    /**
     * Turning compilation off takes an experimental option, which only the trusted policy allows;
     * the contexts' own settings make up for it.
     */
    private static SandboxPolicy policy(boolean compilationOff) {
        return compilationOff ? SandboxPolicy.TRUSTED : SandboxPolicy.CONSTRAINED;
    }

    private static Engine newEngine(boolean compilationOff) {
        Engine.Builder builder = Engine.newBuilder("wasm")
                .sandbox(policy(compilationOff))
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .logHandler(new ToSystemLogger())
                // The fallback runtime is this bundle's normal case, not something to warn about.
                .option("engine.WarnInterpreterOnly", "false");
        if (compilationOff) {
            builder.allowExperimentalOptions(true).option("engine.Compilation", "false");
        }
        return builder.build();
    }

    /** {@link #INTERPRETER} or {@link #OPTIMIZING}: what actually runs guest code. */
    public String mode() {
        return mode;
    }

    /** Truffle's name for its runtime, e.g. {@code Interpreted} for the fallback runtime. */
    public String runtimeName() {
        return engine.getImplementationName();
    }

    /** A context for one run: nothing but the {@code wasm} language and what the guest imports. */
    Context newContext() {
        return Context.newBuilder("wasm")
                .engine(engine)
                .sandbox(policy)
                .in(InputStream.nullInputStream())
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .build();
    }

    /**
     * Parses and validates {@code source} (and leaves the result in the engine's cache).
     *
     * @throws org.graalvm.polyglot.PolyglotException if GraalWasm refuses the module
     */
    public void validate(Source source) {
        withPolyglotClassLoader(() -> {
            try (Context context = newContext()) {
                context.eval(source);
            }
            return null;
        });
    }

    /**
     * The class loader Truffle looks for its languages and services through (as the thread's context
     * class loader): the one that loaded the polyglot API. In OSGi that is this bundle's, where the
     * embedded jars are, unless the framework hands the bundle the JVM's own polyglot API (the
     * optimizing setup); then it is the JVM's, and this bundle's must stay out of the way.
     */
    static ClassLoader polyglotClassLoader() {
        return Engine.class.getClassLoader();
    }

    private static <T> T withPolyglotClassLoader(Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(polyglotClassLoader());
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Polyglot's log records (option warnings, runtime notices), one line each in the host's log. */
    private static final class ToSystemLogger extends Handler {
        private static final System.Logger POLYGLOT = System.getLogger("org.graalvm.polyglot");

        @Override
        public void publish(LogRecord record) {
            System.Logger.Level level = record.getLevel().intValue() >= Level.WARNING.intValue() ? WARNING
                    : record.getLevel().intValue() >= Level.INFO.intValue() ? INFO : DEBUG;
            POLYGLOT.log(level, "[{0}] {1}", record.getLoggerName(), record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
