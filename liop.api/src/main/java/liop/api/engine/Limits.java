package liop.api.engine;

/**
 * What one execution may spend. Every limit is enforced by the engine itself.
 *
 * @param memoryMaxPages linear memory cap in 64 KiB pages; modules declaring more are refused
 * @param deadlineMillis wall-clock time after which the execution is stopped
 * @param stdoutMaxBytes bytes of stdout kept; the rest is dropped and the result says so
 * @param stderrMaxBytes bytes of stderr kept; the rest is dropped and the result says so
 */
public record Limits(int memoryMaxPages, long deadlineMillis, int stdoutMaxBytes, int stderrMaxBytes) {

    /** 64 MiB of memory, 10 s, 1 MiB of stdout, 64 KiB of stderr. */
    public static final Limits DEFAULT = new Limits(1024, 10_000, 1 << 20, 64 << 10);

    /** Largest memory the wasm32 address space allows. */
    public static final int MAX_PAGES = 65536;

    public Limits {
        if (memoryMaxPages < 1 || memoryMaxPages > MAX_PAGES) {
            throw new IllegalArgumentException("memoryMaxPages must be within 1.." + MAX_PAGES + ": " + memoryMaxPages);
        }
        if (deadlineMillis < 1) {
            throw new IllegalArgumentException("deadlineMillis must be positive: " + deadlineMillis);
        }
        if (stdoutMaxBytes < 0 || stderrMaxBytes < 0) {
            throw new IllegalArgumentException("output limits must not be negative");
        }
    }

    public long memoryMaxBytes() {
        return (long) memoryMaxPages * 65536;
    }
}
