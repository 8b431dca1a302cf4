package liop.bench;

import java.util.concurrent.TimeUnit;
import liop.api.engine.CompiledModule;
import liop.api.engine.RunResult;
import liop.api.engine.Sandbox;
import liop.engine.chicory.ExecutionMode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One execution of a sample guest on the default engine (Chicory), with or without fuel metering:
 * a fresh instance, WASI context and memory per execution, the compiled module cached, exactly as
 * the node runs a request for a module it has seen before. {@link MeteringReport} runs the
 * parameter combinations side by side and prints the metered / unmetered ratios.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MeteringBenchmark {

    @Param({"aggregate", "primes", "echo"})
    public String guest;

    @Param({"compiler", "interpreter"})
    public String mode;

    @Param({"false", "true"})
    public boolean metered;

    private CompiledModule module;
    private Sandbox sandbox;

    @Setup
    public void compile() throws Exception {
        Subject subject = Subject.of(Workload.byGuest(guest), ExecutionMode.parse(mode), metered);
        module = subject.module();
        sandbox = subject.sandbox();
        subject.requireOk(module.run(sandbox)); // and compiled: the measured runs find it cached
    }

    @Benchmark
    public RunResult run() {
        return module.run(sandbox);
    }
}
