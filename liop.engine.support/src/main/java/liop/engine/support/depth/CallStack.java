package liop.engine.support.depth;

/**
 * How deep a guest may call, and how large a stack its thread gets to do so.
 *
 * <p>Chicory runs guest calls on the JVM stack in both modes, so without a limit of its own the
 * depth at which a guest runs out of stack depends on how much stack each call takes, which
 * depends on the JIT state of the JVM, not on the module. Measured on JDK 25 with an 8 MiB stack,
 * for a one-parameter recursive function: the interpreter reached 4,800 to 27,000 nested calls
 * (about 1.7 KB of JVM stack per call while Chicory's interpreter loop runs C1-compiled, 300 bytes
 * once C2 has compiled it), the compiler 69,000 to 175,000 (21,000 to 30,000 through {@code
 * call_indirect}, 19,000 with twenty i64 locals in JVM-interpreted code). The same module could
 * trap in one mode and finish in the other, or trap on a cold node and finish on a warm one.
 *
 * <p>So every module counts its own depth ({@link liop.engine.support.depth.CallDepthLimit}) and
 * traps at the same depth in both modes and in every JIT state: {@value #MAX_DEPTH} nested calls of
 * recursive functions whose frames hold fewer than {@value #VALUES_PER_UNIT} values. A call costs
 * one more unit of the {@value #MAX_DEPTH} for every {@value #VALUES_PER_UNIT} values its frame can
 * hold (parameters, locals and operand stack), so the frames of all active calls hold at most about
 * 640,000 values (5 to 10 MiB), however large each is: a function with 50,000 locals nests 12 deep.
 * Without this, deep recursion of fat frames ran the host out of heap (interpreter), and nested
 * frames of tens of kilobytes ran the guest thread out of stack in a way the JVM does not survive
 * (compiled code: a frame larger than HotSpot's stack shadow zone can skip the guard pages, and the
 * JVM dies of a SIGSEGV instead of throwing {@code StackOverflowError}). Tail calls of recursive
 * functions count as calls: Chicory's compiler runs them as calls anyway (the JVM has no tail
 * calls), and its interpreter's tail call of a function to itself lost the function's locals. An
 * endless tail recursion thus traps in both modes, and the trap says the tail calls counted.
 *
 * <p>The thread's stack, {@value #THREAD_STACK_BYTES} bytes, holds the deepest such nesting in the
 * worst case measured (the C1-compiled interpreter, 17 MiB) with room to spare for the host
 * functions called at the deepest point. It is reserved address space: the host commits only as
 * much as a guest actually uses. Calls of functions that cannot recurse are not counted, as long as
 * they can stack no more than a thousand small frames; a longer chain of distinct functions is
 * counted like recursion. Should the stack still overflow, the JVM's {@code StackOverflowError}
 * ends the run as the same trap.
 *
 * <p>The GraalWasm engine gives its modules the same limit and its guests the same stack, so that
 * a module traps at the same depth, having spent the same fuel, on either engine.
 */
public final class CallStack {

    /** How many calls may nest, each costing one unit plus one per {@link #VALUES_PER_UNIT}. */
    public static final int MAX_DEPTH = 10_000;

    /** How many values a frame can hold (parameters, locals, operand stack) for a call to cost one more unit. */
    public static final int VALUES_PER_UNIT = 64;

    /** The stack of a guest's thread. */
    public static final long THREAD_STACK_BYTES = 32L << 20;

    private CallStack() {}
}
