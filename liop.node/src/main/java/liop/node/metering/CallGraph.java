package liop.node.metering;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import liop.node.metering.Instruction.Kind;
import liop.node.metering.Sections.Section;
import liop.node.wasm.SectionId;

/**
 * Which calls may reach the host: a call to an imported function; a call to a function that makes
 * such a call, directly or through others; and a call through a table ({@code call_indirect}) when
 * a function the table may hold, of the called type, may reach the host. A call that cannot reach
 * the host cannot end the run, nor let anything outside the module see the fuel count, which lets
 * the meter leave the count in the caller's local across it.
 *
 * <p>What a table may hold: the functions named in element segments and by {@code ref.func}
 * anywhere, of the type the call names (types are compared by their parameters and results). That
 * is all it can hold unless a table, or a reference that could go into one, comes from outside or
 * goes out: when the module imports or exports a table, imports a global of reference type, imports
 * a function returning a reference or exports one taking a reference, every call through a table
 * may reach the host. An element section this reader cannot follow counts as such too: refusing
 * malformed modules is the engine's job, not this analysis's.
 *
 * <p>And which calls may recurse: those within a strongly connected component of the graph (a
 * function calling itself, two calling each other, a call through a table to a function that calls
 * back). The meter flushes before them, so that a recursion that never returns runs out of fuel.
 *
 * <p>Reading it decodes every body once, without recursion, and takes memory proportional to the
 * module's size (one node per function and per distinct type, one edge per call instruction and per
 * function a table may hold). A body it cannot decode is left for the rewriter to refuse.
 */
final class CallGraph {

    private final long importedFunctions;
    private final int definedFunctions;
    private final int[] canonicalTypes;
    /** Defined functions first, then one node per canonical type: calls through a table of that type. */
    private final boolean[] reachesHost;

    /** The strongly connected component of each node: calls within one may recurse. */
    private final int[] components;

    private CallGraph(long importedFunctions, int definedFunctions, int[] canonicalTypes, boolean[] reachesHost, int[] components) {
        this.importedFunctions = importedFunctions;
        this.definedFunctions = definedFunctions;
        this.canonicalTypes = canonicalTypes;
        this.reachesHost = reachesHost;
        this.components = components;
    }

    /** Whether calling the function {@code index} (imports first) may run host code. */
    boolean mayReachHost(long index) {
        long defined = index - importedFunctions;
        return defined < 0 || defined >= definedFunctions || reachesHost[(int) defined];
    }

    /** Whether a {@code call_indirect} of the type {@code typeIndex} may run host code. */
    boolean indirectMayReachHost(long typeIndex) {
        return typeIndex < 0 || typeIndex >= canonicalTypes.length || reachesHost[definedFunctions + canonicalTypes[(int) typeIndex]];
    }

    /**
     * Whether a call from the defined function {@code caller} (0 is the first defined) to the function
     * {@code callee} (imports first) may come back to the caller before it returns.
     */
    boolean mayRecurse(int caller, long callee) {
        long defined = callee - importedFunctions;
        return defined < 0 || defined >= definedFunctions || caller < 0 || caller >= definedFunctions
                || components[caller] == components[(int) defined];
    }

    /** Whether a {@code call_indirect} of the type {@code typeIndex} in the defined function {@code caller} may come back to it. */
    boolean indirectMayRecurse(int caller, long typeIndex) {
        return typeIndex < 0 || typeIndex >= canonicalTypes.length || caller < 0 || caller >= definedFunctions
                || components[caller] == components[definedFunctions + canonicalTypes[(int) typeIndex]];
    }

    static CallGraph read(byte[] module, List<Section> sections) throws MeteringException {
        return new Reader(module).read(sections);
    }

    /** Reads the sections in order; the module's structure was checked by {@link ModuleSummary}. */
    private static final class Reader {
        private final byte[] module;
        private int[] canonicalTypes = new int[0];
        /** Where each type's parameters start. */
        private int[] typeOffsets = new int[0];
        private int distinctTypes;
        /** Type of every function, imports first. */
        private int[] functionTypes = new int[0];
        private int importedFunctions;
        private int definedFunctions;
        private boolean tablesEscape;
        /** Functions a table may hold (imports first). */
        private boolean[] tableable = new boolean[0];
        private boolean[] reachesHost;
        private int[] from = new int[64];
        private int[] to = new int[64];
        private int edges;
        private final Instruction insn = new Instruction();

        Reader(byte[] module) {
            this.module = module;
        }

        CallGraph read(List<Section> sections) throws MeteringException {
            Section code = null;
            Section elements = null;
            for (Section section : sections) {
                BinaryReader in = section.content(module);
                switch (section.id()) {
                    case SectionId.TYPE -> readTypes(in);
                    case SectionId.IMPORT -> readImports(in);
                    case SectionId.FUNCTION -> readFunctions(in);
                    case SectionId.GLOBAL -> readGlobals(in);
                    case SectionId.EXPORT -> readExports(in);
                    case SectionId.ELEMENT -> elements = section;
                    case SectionId.CODE -> code = section;
                    default -> { }
                }
            }
            reachesHost = new boolean[definedFunctions + distinctTypes];
            if (elements != null) {
                try {
                    readElements(elements.content(module));
                } catch (MeteringException | RuntimeException e) {
                    tablesEscape = true; // not ours to refuse: assume the worst
                }
            }
            if (code != null) {
                readCode(code.content(module));
            }
            linkTables();
            propagate();
            return new CallGraph(importedFunctions, definedFunctions, canonicalTypes, reachesHost, components());
        }

        private void readTypes(BinaryReader in) throws MeteringException {
            int count = in.readCount(2, "type");
            canonicalTypes = new int[count];
            typeOffsets = new int[count];
            Map<ByteBuffer, Integer> distinct = new HashMap<>();
            for (int i = 0; i < count; i++) {
                in.readByte(); // 0x60, checked by ModuleSummary
                int start = in.position();
                typeOffsets[i] = start;
                int params = in.readCount(1, "parameter");
                for (int p = 0; p < params; p++) {
                    ValueTypes.readValueType(in);
                }
                int results = in.readCount(1, "result");
                for (int r = 0; r < results; r++) {
                    ValueTypes.readValueType(in);
                }
                ByteBuffer signature = ByteBuffer.wrap(module, start, in.position() - start).slice();
                Integer canonical = distinct.putIfAbsent(signature, distinct.size());
                canonicalTypes[i] = canonical == null ? distinct.size() - 1 : canonical;
            }
            distinctTypes = distinct.size();
        }

        private void readImports(BinaryReader in) throws MeteringException {
            int count = in.readCount(4, "import");
            int[] types = new int[count];
            for (int i = 0; i < count; i++) {
                in.readName("import module name");
                in.readName("import name");
                int kind = in.readByte();
                switch (kind) {
                    case 0x00 -> {
                        int type = (int) in.readU32();
                        types[importedFunctions++] = type;
                        tablesEscape |= returnsReference(type);
                    }
                    case 0x01 -> {
                        tablesEscape = true; // an imported table: the host may fill it
                        ValueTypes.readReferenceType(in);
                        readLimits(in);
                    }
                    case 0x02 -> readLimits(in);
                    case 0x03 -> {
                        tablesEscape |= isReference(in.peekByte());
                        ValueTypes.readValueType(in);
                        in.readByte();
                    }
                    default -> throw MeteringException.unsupported(in.position() - 1, "import of kind " + kind);
                }
            }
            functionTypes = Arrays.copyOf(types, importedFunctions);
        }

        private void readFunctions(BinaryReader in) throws MeteringException {
            int count = in.readCount(1, "function");
            definedFunctions = count;
            functionTypes = Arrays.copyOf(functionTypes, importedFunctions + count);
            for (int i = 0; i < count; i++) {
                functionTypes[importedFunctions + i] = (int) in.readU32();
            }
            tableable = new boolean[importedFunctions + count];
        }

        private void readGlobals(BinaryReader in) throws MeteringException {
            int count = in.readCount(3, "global");
            for (int i = 0; i < count; i++) {
                ValueTypes.readValueType(in);
                in.readByte();
                readConstantExpression(in);
            }
        }

        private void readExports(BinaryReader in) throws MeteringException {
            int count = in.readCount(3, "export");
            for (int i = 0; i < count; i++) {
                in.readName("export name");
                int kind = in.readByte();
                long index = in.readU32();
                if (kind == 0x01) {
                    tablesEscape = true; // an exported table: the host may fill it
                } else if (kind == 0x00 && takesReference(index)) {
                    tablesEscape = true; // the host may hand it a reference to its own function
                }
            }
        }

        private void readElements(BinaryReader in) throws MeteringException {
            int count = in.readCount(1, "element segment");
            for (int i = 0; i < count; i++) {
                long flags = in.readU32();
                if (flags > 7) {
                    throw in.malformed("element segment flags " + flags);
                }
                boolean passiveOrDeclarative = (flags & 1) != 0;
                boolean explicitTable = (flags & 2) != 0;
                boolean expressions = (flags & 4) != 0;
                if (!passiveOrDeclarative && explicitTable) {
                    in.readU32(); // table
                }
                if (!passiveOrDeclarative) {
                    readConstantExpression(in); // offset
                }
                if (passiveOrDeclarative || explicitTable) {
                    in.readByte(); // element kind or reference type
                }
                int elements = in.readCount(1, "element");
                for (int e = 0; e < elements; e++) {
                    if (expressions) {
                        readConstantExpression(in);
                    } else {
                        mayBeInTable(in.readU32());
                    }
                }
            }
        }

        /** Notes the functions an expression names; a global's value could be anything in a table. */
        private void readConstantExpression(BinaryReader in) throws MeteringException {
            InstructionDecoder decoder = new InstructionDecoder(in);
            while (true) {
                int opcode = in.peekByte();
                decoder.next(insn);
                if (insn.kind == Kind.END) {
                    return;
                }
                if (opcode == Opcodes.REF_FUNC) {
                    mayBeInTable(insn.index);
                }
            }
        }

        private void readCode(BinaryReader in) throws MeteringException {
            int count = in.readCount(2, "function body");
            InstructionDecoder decoder = null;
            for (int function = 0; function < count && function < definedFunctions; function++) {
                BinaryReader body = in.slice(in.readU32(), "body of function " + function);
                int declarations = body.readCount(2, "local declaration");
                for (int i = 0; i < declarations; i++) {
                    body.readU32();
                    ValueTypes.readValueType(body);
                }
                decoder = new InstructionDecoder(body);
                long depth = 1;
                while (depth > 0 && !body.atEnd()) {
                    int opcode = body.peekByte();
                    decoder.next(insn);
                    switch (insn.kind) {
                        case BLOCK, LOOP, IF -> depth++;
                        case END -> depth--;
                        case CALL, EXIT -> call(function, opcode);
                        case PLAIN -> {
                            if (opcode == Opcodes.REF_FUNC) {
                                mayBeInTable(insn.index);
                            }
                        }
                        default -> { }
                    }
                }
            }
        }

        private void call(int caller, int opcode) {
            switch (opcode) {
                case Opcodes.CALL, Opcodes.RETURN_CALL -> {
                    long defined = insn.index - importedFunctions;
                    if (defined < 0 || defined >= definedFunctions) {
                        reachesHost[caller] = true;
                    } else {
                        edge(caller, (int) defined);
                    }
                }
                case Opcodes.CALL_INDIRECT, Opcodes.RETURN_CALL_INDIRECT -> {
                    if (insn.index >= canonicalTypes.length) {
                        reachesHost[caller] = true;
                    } else {
                        edge(caller, definedFunctions + canonicalTypes[(int) insn.index]);
                    }
                }
                default -> { } // return, unreachable
            }
        }

        /** Each type's table node reaches the functions a table may hold of that type. */
        private void linkTables() {
            for (int t = 0; t < distinctTypes; t++) {
                reachesHost[definedFunctions + t] = tablesEscape;
            }
            for (int f = 0; f < tableable.length; f++) {
                int type = functionTypes[f];
                if (!tableable[f] || type < 0 || type >= canonicalTypes.length) {
                    continue;
                }
                int node = definedFunctions + canonicalTypes[type];
                if (f < importedFunctions) {
                    reachesHost[node] = true;
                } else {
                    edge(node, f - importedFunctions);
                }
            }
        }

        private void mayBeInTable(long function) {
            if (function >= 0 && function < tableable.length) {
                tableable[(int) function] = true;
            }
        }

        private void edge(int caller, int callee) {
            if (edges == from.length) {
                from = Arrays.copyOf(from, edges * 2);
                to = Arrays.copyOf(to, edges * 2);
            }
            from[edges] = caller;
            to[edges] = callee;
            edges++;
        }

        /** Marks every caller, transitively, of a node that reaches the host. */
        private void propagate() {
            int nodes = reachesHost.length;
            // callers of each node, grouped by callee (a counting sort of the edges)
            int[] first = new int[nodes + 1];
            for (int e = 0; e < edges; e++) {
                first[to[e] + 1]++;
            }
            for (int n = 0; n < nodes; n++) {
                first[n + 1] += first[n];
            }
            int[] callers = new int[edges];
            int[] fill = Arrays.copyOf(first, nodes);
            for (int e = 0; e < edges; e++) {
                callers[fill[to[e]]++] = from[e];
            }
            int[] work = new int[nodes];
            int pending = 0;
            for (int n = 0; n < nodes; n++) {
                if (reachesHost[n]) {
                    work[pending++] = n;
                }
            }
            while (pending > 0) {
                int callee = work[--pending];
                for (int i = first[callee]; i < first[callee + 1]; i++) {
                    int caller = callers[i];
                    if (!reachesHost[caller]) {
                        reachesHost[caller] = true;
                        work[pending++] = caller;
                    }
                }
            }
        }

        /**
         * Tarjan's strongly connected components, without recursion: a node's component is the same
         * as another's exactly when each can reach the other.
         */
        private int[] components() {
            int nodes = reachesHost.length;
            // callees of each node, grouped by caller (a counting sort of the edges)
            int[] first = new int[nodes + 1];
            for (int e = 0; e < edges; e++) {
                first[from[e] + 1]++;
            }
            for (int n = 0; n < nodes; n++) {
                first[n + 1] += first[n];
            }
            int[] callees = new int[edges];
            int[] fill = Arrays.copyOf(first, nodes);
            for (int e = 0; e < edges; e++) {
                callees[fill[from[e]]++] = to[e];
            }
            int[] component = new int[nodes];
            int[] order = new int[nodes];
            int[] low = new int[nodes];
            Arrays.fill(order, -1);
            boolean[] onStack = new boolean[nodes];
            int[] stack = new int[nodes];
            int[] path = new int[nodes];
            int[] next = new int[nodes];
            int stacked = 0;
            int visited = 0;
            int components = 0;
            for (int root = 0; root < nodes; root++) {
                if (order[root] >= 0) {
                    continue;
                }
                int depth = 0;
                order[root] = low[root] = visited++;
                stack[stacked++] = root;
                onStack[root] = true;
                path[depth] = root;
                next[depth++] = first[root];
                while (depth > 0) {
                    int node = path[depth - 1];
                    if (next[depth - 1] < first[node + 1]) {
                        int callee = callees[next[depth - 1]++];
                        if (order[callee] < 0) {
                            order[callee] = low[callee] = visited++;
                            stack[stacked++] = callee;
                            onStack[callee] = true;
                            path[depth] = callee;
                            next[depth++] = first[callee];
                        } else if (onStack[callee]) {
                            low[node] = Math.min(low[node], order[callee]);
                        }
                        continue;
                    }
                    depth--;
                    if (low[node] == order[node]) {
                        int member;
                        do {
                            member = stack[--stacked];
                            onStack[member] = false;
                            component[member] = components;
                        } while (member != node);
                        components++;
                    }
                    if (depth > 0) {
                        int caller = path[depth - 1];
                        low[caller] = Math.min(low[caller], low[node]);
                    }
                }
            }
            return component;
        }

        private boolean returnsReference(int type) {
            return signatureHasReference(type, false);
        }

        private boolean takesReference(long function) {
            return function >= 0 && function < functionTypes.length && signatureHasReference(functionTypes[(int) function], true);
        }

        /** Whether the type's parameters (or results) include a reference; unknown types count as yes. */
        private boolean signatureHasReference(int type, boolean params) {
            // Types were read before imports, functions and exports (section order).
            if (type < 0 || type >= typeOffsets.length) {
                return true;
            }
            BinaryReader in = new BinaryReader(module, typeOffsets[type], module.length);
            try {
                int count = in.readCount(1, "parameter");
                for (int i = 0; i < count; i++) {
                    if (params && isReference(in.peekByte())) {
                        return true;
                    }
                    ValueTypes.readValueType(in);
                }
                if (params) {
                    return false;
                }
                count = in.readCount(1, "result");
                for (int i = 0; i < count; i++) {
                    if (isReference(in.peekByte())) {
                        return true;
                    }
                    ValueTypes.readValueType(in);
                }
                return false;
            } catch (MeteringException e) {
                return true;
            }
        }

        private static boolean isReference(int valueType) {
            return valueType == ValueTypes.FUNCREF || valueType == ValueTypes.EXTERNREF;
        }

        private static void readLimits(BinaryReader in) throws MeteringException {
            int flags = in.readByte();
            in.readU32();
            if ((flags & 1) != 0) {
                in.readU32();
            }
        }
    }
}
