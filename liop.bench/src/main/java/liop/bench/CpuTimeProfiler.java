package liop.bench;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Reports the CPU time the benchmark's JVM spent per operation (all its threads: the guest's, the
 * JIT compilers', the garbage collector's), as the secondary result {@code ·cpu}. On a machine that
 * runs other work too, wall-clock time also counts the time the guest waited for a core; CPU time
 * does not, so ratios of it stay steady under load. Use with {@code -prof liop.bench.CpuTimeProfiler}.
 */
public final class CpuTimeProfiler implements InternalProfiler {

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long before;

    @Override
    public String getDescription() {
        return "CPU time of the whole JVM per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        before = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
        long ops = Math.max(1, result.getMetadata().getMeasuredOps());
        double millisPerOp = (os.getProcessCpuTime() - before) / 1e6 / ops;
        return List.of(new ScalarResult("cpu", millisPerOp, "ms/op", AggregationPolicy.AVG));
    }
}
