package liop.engine.support.depth;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Element;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.Global;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.OpCode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;

/**
 * What a module's call graph says about how deep its calls can nest: which functions lie on a cycle
 * (the only ones that can be active more than once at a time, so whose calls can nest without
 * bound), and how many frames of the others a call can stack at most.
 *
 * <p>The graph has a node per function the module defines, and one more, {@code anyIndirect}, for
 * "whatever a {@code call_indirect} or {@code call_ref} reaches": every function that makes such a
 * call has an edge to it, and it has an edge to every function whose reference the module takes
 * ({@code ref.func} in code, element segments, or global or table initializers). Calls of host
 * functions are not edges: they do not call back. The cycles are found with Tarjan's algorithm,
 * iteratively, so a hostile call graph cannot exhaust the stack of the thread that loads the module.
 */
final class CallGraph {

    private final int imported;
    private final int defined;
    private final int anyIndirect;
    private final List<int[]> callees = new ArrayList<>();
    private final BitSet onCycles;
    /** By node: the most frames of functions on no cycle that a call of it can stack, its own included. */
    private final int[] longestChains;

    private CallGraph(WasmModule module) {
        this.imported = module.importSection().count(ExternalType.FUNCTION);
        this.defined = module.functionSection().functionCount();
        this.anyIndirect = defined;
        BitSet referenced = new BitSet();
        for (int function = 0; function < defined; function++) {
            callees.add(callees(module.codeSection().getFunctionBody(function), referenced));
        }
        for (Element element : module.elementSection().elements()) {
            element.initializers().forEach(initializer -> collectReferences(initializer, referenced));
        }
        for (Global global : module.globalSection().globals()) {
            collectReferences(global.initInstructions(), referenced);
        }
        for (int table = 0; table < module.tableSection().tableCount(); table++) {
            collectReferences(module.tableSection().getTable(table).initialize(), referenced);
        }
        callees.add(referenced.stream().toArray());
        this.onCycles = new BitSet(defined);
        this.longestChains = new int[defined + 1];
        findCycles();
    }

    static CallGraph of(WasmModule module) {
        return new CallGraph(module);
    }

    /** Whether the module's own function {@code function} (counted from 0 after the imports) lies on a cycle. */
    boolean onCycle(int function) {
        return onCycles.get(function);
    }

    /**
     * The most frames of functions that lie on no cycle a call of {@code function} can stack, its
     * own included, through any number of cycles on the way.
     */
    int longestChain(int function) {
        return longestChains[function];
    }

    /** The defined functions {@code body} calls ({@link #anyIndirect} for indirect calls); collects the references it takes. */
    private int[] callees(FunctionBody body, BitSet referenced) {
        BitSet called = new BitSet();
        for (Instruction instruction : body.instructions()) {
            switch (instruction.opcode()) {
                case CALL, RETURN_CALL -> {
                    long callee = instruction.operand(0) - imported;
                    if (callee >= 0) {
                        called.set((int) callee);
                    }
                }
                case CALL_INDIRECT, RETURN_CALL_INDIRECT, CALL_REF, RETURN_CALL_REF -> called.set(anyIndirect);
                case REF_FUNC -> reference(instruction, referenced);
                default -> {}
            }
        }
        return called.stream().toArray();
    }

    private void collectReferences(List<Instruction> code, BitSet referenced) {
        for (Instruction instruction : code) {
            if (instruction.opcode() == OpCode.REF_FUNC) {
                reference(instruction, referenced);
            }
        }
    }

    private void reference(Instruction refFunc, BitSet referenced) {
        long function = refFunc.operand(0) - imported;
        if (function >= 0) {
            referenced.set((int) function);
        }
    }

    /**
     * Tarjan's strongly connected components, with explicit stacks. A component is closed only after
     * every component it calls, so its longest chain can be worked out as it closes.
     */
    private void findCycles() {
        int nodes = defined + 1;
        int[] index = new int[nodes];
        int[] lowLink = new int[nodes];
        int[] nextEdge = new int[nodes];
        Arrays.fill(index, -1);
        BitSet onStack = new BitSet(nodes);
        Deque<Integer> component = new ArrayDeque<>();
        Deque<Integer> visiting = new ArrayDeque<>();
        int counter = 0;
        for (int root = 0; root < nodes; root++) {
            if (index[root] >= 0) {
                continue;
            }
            index[root] = lowLink[root] = counter++;
            component.push(root);
            onStack.set(root);
            visiting.push(root);
            while (!visiting.isEmpty()) {
                int node = visiting.peek();
                int[] edges = callees.get(node);
                if (nextEdge[node] < edges.length) {
                    int callee = edges[nextEdge[node]++];
                    if (index[callee] < 0) {
                        index[callee] = lowLink[callee] = counter++;
                        component.push(callee);
                        onStack.set(callee);
                        visiting.push(callee);
                    } else if (onStack.get(callee)) {
                        lowLink[node] = Math.min(lowLink[node], index[callee]);
                    }
                    continue;
                }
                visiting.pop();
                if (!visiting.isEmpty()) {
                    int caller = visiting.peek();
                    lowLink[caller] = Math.min(lowLink[caller], lowLink[node]);
                }
                if (lowLink[node] == index[node]) {
                    closeComponent(node, component, onStack);
                }
            }
        }
    }

    /**
     * Pops the component rooted at {@code root}: marks its functions if it is a cycle, and gives
     * them its longest chain: its own frame if it is a single function on no cycle, plus the
     * longest chain of the components it calls, all closed already.
     */
    private void closeComponent(int root, Deque<Integer> component, BitSet onStack) {
        List<Integer> members = new ArrayList<>();
        int member;
        do {
            member = component.pop();
            onStack.clear(member);
            members.add(member);
        } while (member != root);
        boolean cycle = members.size() > 1 || Arrays.stream(callees.get(root)).anyMatch(callee -> callee == root);
        if (cycle) {
            members.stream().filter(node -> node != anyIndirect).forEach(onCycles::set);
        }
        // callees in this component still have 0: only closed components have their chain
        int longestCalled = 0;
        for (int node : members) {
            for (int callee : callees.get(node)) {
                longestCalled = Math.max(longestCalled, longestChains[callee]);
            }
        }
        int ownFrame = cycle || root == anyIndirect ? 0 : 1;
        for (int node : members) {
            longestChains[node] = ownFrame + longestCalled;
        }
    }
}
