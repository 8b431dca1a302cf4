package liop.engine.chicory.runtime;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ExecutionListener;
import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.Instruction;

/**
 * What Chicory's interpreter does not check by itself: the deadline in every kind of loop, and the
 * heap its operand stack takes. The interpreter calls this listener before every instruction (it
 * runs modules in interpreter mode, and the functions of compiled modules too large for the JVM);
 * every {@value #INSTRUCTIONS_PER_CHECK} instructions, a few microseconds apart, it checks
 *
 * <ul>
 *   <li>the interrupt flag the deadline sets. Chicory 1.7's interpreter checks it on calls and on
 *       {@code br} only: a loop closed by {@code br_if} or {@code br_table}, or an exception thrown
 *       and caught in a loop, never reached a check, and such a guest, abandoned at the deadline,
 *       kept spinning on a core until the JVM exited;
 *   <li>the operand stack, which the interpreter keeps on the heap, shared by all active calls: a
 *       function that leaves thousands of values on it before recursing would otherwise make the
 *       host allocate gigabytes before the call depth limit is reached. Past {@value
 *       #MAX_OPERAND_STACK_VALUES} values (32 MiB) the run ends as a stack overflow. Compiled code
 *       keeps its operand stacks in JVM frames, bounded by the thread's stack.
 * </ul>
 *
 * One per instance, called from the thread that runs it.
 */
final class InterpreterGuard implements ExecutionListener {

    static final int INSTRUCTIONS_PER_CHECK = 1024;
    static final int MAX_OPERAND_STACK_VALUES = 4 << 20;

    private int untilCheck = INSTRUCTIONS_PER_CHECK;

    @Override
    public void onExecution(Instruction instruction, MStack stack) {
        if (--untilCheck > 0) {
            return;
        }
        untilCheck = INSTRUCTIONS_PER_CHECK;
        if (Thread.currentThread().isInterrupted()) {
            throw new ChicoryInterruptedException("Thread interrupted");
        }
        if (stack.size() > MAX_OPERAND_STACK_VALUES) {
            throw new ChicoryException("call stack exhausted");
        }
    }
}
