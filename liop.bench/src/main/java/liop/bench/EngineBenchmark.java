package liop.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * One guest on one engine, warm: {@link #latency} is one caller's time per execution,
 * {@link #throughput} the executions per second of two callers sharing the compiled module (the
 * machines this runs on have two cores). {@link EngineReport} runs it for every engine, side by side.
 *
 * <pre>
 *   java -cp liop.bench/target/benchmarks.jar org.openjdk.jmh.Main EngineBenchmark -p engine=chicory-compiler -p guest=aggregate
 * </pre>
 */
@State(Scope.Benchmark)
public class EngineBenchmark {

    @Param({"chicory-compiler"})
    public String engine;

    @Param({"aggregate"})
    public String guest;

    private EngineKind.Execution execution;

    @Setup(Level.Trial)
    public void compile() throws Exception {
        EngineWorkload workload = EngineWorkload.byGuest(guest);
        execution = EngineKind.open(EngineKind.byId(engine).start(), workload, workload.stdin());
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public byte[] latency() throws Exception {
        return execution.run();
    }

    @Benchmark
    @Threads(2)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public byte[] throughput() throws Exception {
        return execution.run();
    }
}
