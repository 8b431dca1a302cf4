package liop.node.metering;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import liop.node.metering.Instruction.Kind;
import liop.node.metering.Sections.Section;
import liop.node.wasm.SectionId;

/**
 * What the meter must know about a module before it rewrites it: how many parameters each defined
 * function has (its locals start after them), which functions are imported (calls to the host are
 * checked against the limit first), how many types, functions and globals there are (the meter's
 * type, helper function and fuel global go after them) and which names are exported (the fuel
 * global's must be free). Reading it also checks those sections to their last byte, checks that
 * no export, start section, element segment or {@code ref.func} names a function past the last
 * (it would name the meter's helper, and hand a module a way to add to its own count), and refuses
 * the features metering does not support: shared memories (threads), 64-bit memories and tables,
 * exception tags, GC types.
 */
final class ModuleSummary {

    private static final int LIMITS_MIN = 0x00;
    private static final int LIMITS_MIN_MAX = 0x01;
    private static final int EXPORT_FUNCTION = 0x00;
    private static final int EXPORT_GLOBAL = 0x03;

    private final byte[] module;
    private int[] typeParamCounts = new int[0];
    private int[] functionTypes = new int[0];
    private long importedFunctions;
    private long importedGlobals;
    private long definedGlobals;
    private final Set<String> exportNames = new HashSet<>();
    private boolean hasCode;

    private ModuleSummary(byte[] module) {
        this.module = module;
    }

    static ModuleSummary read(byte[] module, List<Section> sections) throws MeteringException {
        ModuleSummary summary = new ModuleSummary(module);
        for (Section section : sections) {
            summary.readSection(section);
        }
        if (summary.functionTypes.length > 0 && !summary.hasCode) {
            throw MeteringException.malformed(module.length, "the module declares " + summary.functionTypes.length + " functions but has no code section");
        }
        return summary;
    }

    /** Parameters of a defined (not imported) function, counted in the order of the code section. */
    int paramCount(int definedFunction) {
        return typeParamCounts[functionTypes[definedFunction]];
    }

    /** The number of types: the index the next type gets. */
    long typeCount() {
        return typeParamCounts.length;
    }

    /** The number of functions the module defines (imports not counted). */
    long definedFunctionCount() {
        return functionTypes.length;
    }

    /** Imported and defined functions: the index the next function (the meter's helper) gets. */
    long functionCount() {
        return importedFunctions + functionTypes.length;
    }

    /** Imported functions come first in the function index space. */
    long importedFunctionCount() {
        return importedFunctions;
    }

    /** Imported and defined globals: the index the next global gets. */
    long globalCount() {
        return importedGlobals + definedGlobals;
    }

    boolean exports(String name) {
        return exportNames.contains(name);
    }

    private void readSection(Section section) throws MeteringException {
        BinaryReader in = section.content(module);
        switch (section.id()) {
            case SectionId.TYPE -> readTypes(in);
            case SectionId.IMPORT -> readImports(in);
            case SectionId.FUNCTION -> readFunctions(in);
            case SectionId.TABLE -> readTables(in);
            case SectionId.MEMORY -> readMemories(in);
            case SectionId.GLOBAL -> readGlobals(in);
            case SectionId.EXPORT -> readExports(in);
            case SectionId.START -> checkFunction(in, in.readU32(), "the start section");
            case SectionId.ELEMENT -> readElements(in);
            case SectionId.CODE -> {
                readCodeCount(in); // the bodies are the rewriter's business
                return;
            }
            case SectionId.TAG -> throw MeteringException.unsupported(section.start(), "exception handling (tag section)");
            default -> {
                return; // copied unchanged: data count, data, custom
            }
        }
        if (!in.atEnd()) {
            throw in.malformed(SectionId.name(section.id()) + " section has " + in.remaining() + " bytes after its last entry");
        }
    }

    private void readTypes(BinaryReader in) throws MeteringException {
        int count = in.readCount(2, "type"); // a function type takes 3 bytes, a GC struct 2
        typeParamCounts = new int[count];
        for (int i = 0; i < count; i++) {
            int form = in.readByte();
            if (form == 0x4E || form == 0x4F || form == 0x50 || form == 0x5E || form == 0x5F) {
                throw MeteringException.unsupported(in.position() - 1, "garbage collection (recursive, struct or array types)");
            }
            if (form != 0x60) {
                throw MeteringException.malformed(in.position() - 1, String.format("type %d is not a function type (form 0x%02x)", i, form));
            }
            typeParamCounts[i] = readValueTypes(in, "parameter");
            readValueTypes(in, "result");
        }
    }

    private static int readValueTypes(BinaryReader in, String what) throws MeteringException {
        int count = in.readCount(1, what);
        for (int i = 0; i < count; i++) {
            ValueTypes.readValueType(in);
        }
        return count;
    }

    private void readImports(BinaryReader in) throws MeteringException {
        int count = in.readCount(4, "import");
        for (int i = 0; i < count; i++) {
            in.readName("import module name");
            in.readName("import name");
            int kind = in.readByte();
            switch (kind) {
                case 0x00 -> {
                    readTypeIndex(in);
                    importedFunctions++;
                }
                case 0x01 -> readTableType(in);
                case 0x02 -> readLimits(in, "memory");
                case 0x03 -> {
                    readGlobalType(in);
                    importedGlobals++;
                }
                case 0x04 -> throw MeteringException.unsupported(in.position() - 1, "exception handling (tag import)");
                default -> throw MeteringException.malformed(in.position() - 1, "import of unknown kind " + kind);
            }
        }
    }

    private void readFunctions(BinaryReader in) throws MeteringException {
        int count = in.readCount(1, "function");
        functionTypes = new int[count];
        for (int i = 0; i < count; i++) {
            functionTypes[i] = readTypeIndex(in);
        }
    }

    private int readTypeIndex(BinaryReader in) throws MeteringException {
        long index = in.readU32();
        if (index >= typeParamCounts.length) {
            throw in.malformed("type index " + index + " does not exist (the module has " + typeParamCounts.length + " types)");
        }
        return (int) index;
    }

    private void readTables(BinaryReader in) throws MeteringException {
        int count = in.readCount(3, "table");
        for (int i = 0; i < count; i++) {
            readTableType(in);
        }
    }

    private static void readTableType(BinaryReader in) throws MeteringException {
        ValueTypes.readReferenceType(in);
        readLimits(in, "table");
    }

    private static void readMemories(BinaryReader in) throws MeteringException {
        int count = in.readCount(2, "memory");
        for (int i = 0; i < count; i++) {
            readLimits(in, "memory");
        }
    }

    private static void readLimits(BinaryReader in, String of) throws MeteringException {
        int flags = in.readByte();
        switch (flags) {
            case LIMITS_MIN -> in.readU32();
            case LIMITS_MIN_MAX -> {
                in.readU32();
                in.readU32();
            }
            case 0x02, 0x03 -> throw MeteringException.unsupported(in.position() - 1, "threads (shared " + of + ")");
            case 0x04, 0x05, 0x06, 0x07 -> throw MeteringException.unsupported(in.position() - 1, "64-bit " + of + " (memory64)");
            default -> throw MeteringException.malformed(in.position() - 1, String.format("invalid %s limits flags 0x%02x", of, flags));
        }
    }

    private static void readGlobalType(BinaryReader in) throws MeteringException {
        ValueTypes.readValueType(in);
        int mutability = in.readByte();
        if (mutability != 0 && mutability != 1) {
            throw MeteringException.malformed(in.position() - 1, "invalid global mutability " + mutability);
        }
    }

    private void readGlobals(BinaryReader in) throws MeteringException {
        int count = in.readCount(3, "global");
        for (int i = 0; i < count; i++) {
            readGlobalType(in);
            skipConstantExpression(in);
        }
        definedGlobals = count;
    }

    /**
     * A constant expression cannot loop: it has no control flow, only instructions up to its end.
     * Past the last function is where the meter's helper will be: a {@code ref.func} may not name it.
     */
    private void skipConstantExpression(BinaryReader in) throws MeteringException {
        InstructionDecoder decoder = new InstructionDecoder(in);
        Instruction insn = new Instruction();
        while (true) {
            int start = in.position();
            decoder.next(insn);
            switch (insn.kind) {
                case END -> {
                    return;
                }
                case PLAIN, GLOBAL -> {
                    if (insn.opcode == Opcodes.REF_FUNC) {
                        checkFunction(in, insn.index, "ref.func");
                    }
                }
                default -> throw MeteringException.malformed(start, "constant expression contains a control or local instruction");
            }
        }
    }

    /**
     * Element segments, read to check the functions they name (past the last function is where the
     * meter's helper will be, which no table may hold): flags 0 to 7, as the specification has them.
     * A section this cannot read is refused as unsupported, even where an engine would read it some
     * other way: a function it names could not be checked.
     */
    private void readElements(BinaryReader in) throws MeteringException {
        int start = in.position();
        long badFunction = -1;
        try {
            int count = in.readCount(1, "element segment");
            for (int i = 0; i < count; i++) {
                long flags = in.readU32();
                if (flags > 7) {
                    throw in.malformed("element segment " + i + " has flags " + flags + " (0 to 7 exist)");
                }
                boolean passiveOrDeclarative = (flags & 1) != 0;
                boolean explicitTableOrKind = (flags & 2) != 0;
                boolean expressions = (flags & 4) != 0;
                if (!passiveOrDeclarative && explicitTableOrKind) {
                    in.readU32(); // table
                }
                if (!passiveOrDeclarative) {
                    skipConstantExpression(in); // offset
                }
                if (passiveOrDeclarative || explicitTableOrKind) {
                    if (expressions) {
                        ValueTypes.readReferenceType(in);
                    } else if (in.readByte() != 0x00) {
                        throw MeteringException.malformed(in.position() - 1, "element segment " + i + " has an unknown element kind");
                    }
                }
                int elements = in.readCount(1, "element");
                for (int e = 0; e < elements; e++) {
                    if (expressions) {
                        skipConstantExpression(in);
                    } else {
                        long function = in.readU32();
                        if (function >= functionCount() && badFunction < 0) {
                            badFunction = function;
                        }
                    }
                }
            }
            if (!in.atEnd()) {
                throw in.malformed("element section has " + in.remaining() + " bytes after its last entry");
            }
        } catch (MeteringException e) {
            if (e.getMessage().contains("names function")) {
                throw e; // a ref.func
            }
            // Where the specification and an engine part ways (Chicory 1.7.5 reads flags above 7).
            throw MeteringException.unsupported(e.offset(), "an element section the meter cannot read, at byte offset " + e.offset()
                    + " (which functions it puts in tables is what keeps a module from reaching the meter's own)");
        }
        if (badFunction >= 0) {
            checkFunction(in, badFunction, "an element segment");
        }
    }

    private void checkFunction(BinaryReader in, long index, String where) throws MeteringException {
        if (index >= functionCount()) {
            throw in.malformed(where + " names function " + index + ", which does not exist (the module has " + functionCount() + ")");
        }
    }

    private void readExports(BinaryReader in) throws MeteringException {
        int count = in.readCount(3, "export");
        for (int i = 0; i < count; i++) {
            int start = in.position();
            String name = in.readName("export name");
            if (!exportNames.add(name)) {
                throw MeteringException.malformed(start, "export name \"" + name + "\" is used twice");
            }
            int kind = in.readByte();
            if (kind == 0x04) {
                throw MeteringException.unsupported(in.position() - 1, "exception handling (tag export)");
            }
            if (kind > 0x04) {
                throw MeteringException.malformed(in.position() - 1, "export of unknown kind " + kind);
            }
            long index = in.readU32();
            // Past the last global is where the fuel global will be, past the last function the
            // meter's helper: the original may not name them.
            if (kind == EXPORT_GLOBAL && index >= globalCount()) {
                throw in.malformed("export \"" + name + "\" names global " + index + ", which does not exist");
            }
            if (kind == EXPORT_FUNCTION) {
                checkFunction(in, index, "export \"" + name + "\"");
            }
        }
    }

    private void readCodeCount(BinaryReader in) throws MeteringException {
        hasCode = true;
        long count = in.readU32();
        if (count != functionTypes.length) {
            throw in.malformed("code section has " + count + " bodies for " + functionTypes.length + " declared functions");
        }
    }
}
