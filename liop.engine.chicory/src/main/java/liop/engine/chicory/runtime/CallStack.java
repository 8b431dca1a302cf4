package liop.engine.chicory.runtime;

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
 * <p>So every module counts its own depth ({@link liop.engine.chicory.depth.CallDepthLimit}) and
 * traps at the same depth in both modes and in every JIT state: {@value #MAX_DEPTH} nested calls of
 * functions with fewer than {@value #LOCALS_PER_UNIT} parameters and locals. A call costs one more
 * unit of the {@value #MAX_DEPTH} for every {@value #LOCALS_PER_UNIT} parameters and locals of the
 * function, so the locals of all active calls stay below about 640,000 (5 MiB of values), and a
 * function with 50,000 locals nests 12 deep: its frames take stack in compiled code and heap in
 * the interpreter, and without this a fat recursion ran the host out of heap.
 *
 * <p>The thread's stack, {@value #THREAD_STACK_BYTES} bytes, holds the deepest such nesting in the
 * worst case measured (the C1-compiled interpreter) with room to spare for the host functions
 * called at the deepest point. It is reserved address space: the host commits only as much as a
 * guest actually uses. What the units do not see, the operand stack, can still exhaust it (compiled
 * code: a function with tens of thousands of values on its operand stack); the JVM's {@code
 * StackOverflowError} then ends the run as the same trap, at a depth that depends on the JIT state.
 * Interpreted code keeps operand stacks on the heap, bounded by {@link InterpreterGuard}.
 */
public final class CallStack {

    /** How many calls may nest, each costing one unit plus one per {@link #LOCALS_PER_UNIT}. */
    public static final int MAX_DEPTH = 10_000;

    /** How many parameters and locals of a function make a call of it cost one more unit. */
    public static final int LOCALS_PER_UNIT = 64;

    /** The stack of a guest's thread. */
    public static final long THREAD_STACK_BYTES = 32L << 20;

    private CallStack() {}
}
