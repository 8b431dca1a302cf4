package liop.node.metering;

import java.util.List;
import liop.node.metering.Sections.Section;
import liop.node.wasm.SectionId;

/**
 * Reassembles a module with fuel metering: every section is copied unchanged except the global
 * section (the fuel global appended as the last global), the export section (its export
 * appended), and the type, function and code sections (every body rewritten, and the meter's
 * helper function appended as the last function, with its type as the last type). A module without
 * those sections gets them, in their place in the section order. Appending keeps every index the
 * module's own code uses.
 */
final class ModuleRewriter {

    /** {@code (global i64 (mut) (i64.const 0))}: the fuel used so far, zero at instantiation. */
    private static final byte[] FUEL_GLOBAL = {ValueTypes.I64, 0x01, (byte) Opcodes.I64_CONST, 0x00, (byte) Opcodes.END};
    /** {@code (func (param i64))}: the helper's type. */
    private static final byte[] HELPER_TYPE = {0x60, 0x01, ValueTypes.I64, 0x00};
    private static final int EXPORT_KIND_GLOBAL = 0x03;
    /** The sections the rewrite appends to, in section order. */
    private static final int[] EXTENDED = {SectionId.TYPE, SectionId.FUNCTION, SectionId.GLOBAL, SectionId.EXPORT, SectionId.CODE};

    /**
     * How much larger than the original a rewritten module may be. Real code grows about 1.5-fold;
     * only pathological code (say, nothing but chained {@code memory.grow}) grows more, and this
     * keeps the memory a hostile module can make the meter allocate proportional to its size.
     */
    static final int MAX_GROWTH = 8;

    private final byte[] module;
    private final List<Section> sections;
    private final ModuleSummary summary;
    private final String fuelGlobalName;
    private final long fuelGlobal;
    private final long fuelLimit;
    /** The meter's helper, if the module has code. */
    private final boolean withHelper;

    ModuleRewriter(byte[] module, String fuelGlobalName, long fuelLimit) throws MeteringException {
        this.module = module;
        this.sections = Sections.read(module);
        this.summary = ModuleSummary.read(module, sections);
        if (summary.exports(fuelGlobalName)) {
            throw MeteringException.unsupported(0, "the module already exports \"" + fuelGlobalName
                    + "\", the name the node reserves for its fuel counter (was it metered twice?)");
        }
        if (summary.globalCount() >= 0xFFFF_FFFFL) {
            throw MeteringException.malformed(0, "the module has too many globals to add one");
        }
        if (summary.typeCount() >= 0xFFFF_FFFFL || summary.importedFunctionCount() + summary.definedFunctionCount() >= 0xFFFF_FFFFL) {
            throw MeteringException.malformed(0, "the module has too many types or functions to add one");
        }
        this.fuelGlobalName = fuelGlobalName;
        this.fuelGlobal = summary.globalCount();
        this.fuelLimit = fuelLimit;
        this.withHelper = summary.definedFunctionCount() > 0;
    }

    byte[] rewrite() throws MeteringException {
        BinaryWriter out = new BinaryWriter(module.length * 2);
        out.writeBytes(module, 0, Sections.HEADER_SIZE);
        boolean[] written = new boolean[EXTENDED.length];
        for (Section section : sections) {
            int order = SectionId.order(section.id());
            for (int i = 0; i < EXTENDED.length; i++) {
                if (!written[i] && order > SectionId.order(EXTENDED[i])) {
                    writeExtended(out, EXTENDED[i], null);
                    written[i] = true;
                }
            }
            int extended = indexOf(section.id());
            if (extended >= 0) {
                writeExtended(out, section.id(), section);
                written[extended] = true;
            } else {
                out.writeBytes(module, section.start(), section.end() - section.start());
            }
        }
        for (int i = 0; i < EXTENDED.length; i++) {
            if (!written[i]) {
                writeExtended(out, EXTENDED[i], null);
            }
        }
        return out.toByteArray();
    }

    private static int indexOf(int sectionId) {
        for (int i = 0; i < EXTENDED.length; i++) {
            if (EXTENDED[i] == sectionId) {
                return i;
            }
        }
        return -1;
    }

    /** One of the sections the rewrite appends to; {@code original} is null when the module lacks it. */
    private void writeExtended(BinaryWriter out, int id, Section original) throws MeteringException {
        switch (id) {
            case SectionId.TYPE -> {
                if (withHelper) {
                    writeWithEntryAppended(out, id, original, new BinaryWriter().writeBytes(HELPER_TYPE));
                } else if (original != null) {
                    copy(out, original);
                }
            }
            case SectionId.FUNCTION -> {
                if (withHelper) {
                    writeWithEntryAppended(out, id, original, new BinaryWriter().writeU32(summary.typeCount()));
                } else if (original != null) {
                    copy(out, original);
                }
            }
            case SectionId.GLOBAL -> writeWithEntryAppended(out, id, original, new BinaryWriter().writeBytes(FUEL_GLOBAL));
            case SectionId.EXPORT -> writeWithEntryAppended(out, id, original,
                    new BinaryWriter().writeName(fuelGlobalName).writeByte(EXPORT_KIND_GLOBAL).writeU32(fuelGlobal));
            case SectionId.CODE -> {
                if (original != null) {
                    writeCode(out, original);
                }
            }
            default -> throw new IllegalArgumentException("section " + id);
        }
    }

    private void copy(BinaryWriter out, Section section) {
        out.writeBytes(module, section.start(), section.end() - section.start());
    }

    /** A section of entries: the original's (if there is one), then {@code entry}, last. */
    private void writeWithEntryAppended(BinaryWriter out, int id, Section original, BinaryWriter entry) throws MeteringException {
        BinaryWriter content = new BinaryWriter();
        if (original == null) {
            content.writeU32(1);
        } else {
            BinaryReader in = original.content(module);
            content.writeU32(in.readU32() + 1);
            content.writeRest(in);
        }
        content.writeAll(entry);
        out.writeSection(id, content);
    }

    private long maxCodeSize() {
        return (long) MAX_GROWTH * module.length + 4096;
    }

    static MeteringException tooLarge(int offset) {
        return MeteringException.unsupported(offset, "a module that metering would make more than "
                + MAX_GROWTH + " times larger (it is mostly bulk instructions or tiny loops)");
    }

    private void writeCode(BinaryWriter out, Section original) throws MeteringException {
        BinaryReader in = original.content(module);
        int count = in.readCount(2, "function body");
        BinaryWriter content = new BinaryWriter(original.end() - original.start() + 64);
        content.writeU32(count + (withHelper ? 1 : 0));
        long helper = summary.importedFunctionCount() + summary.definedFunctionCount();
        FuelCharges charges = new FuelCharges(fuelGlobal, fuelLimit, helper);
        CallGraph calls = CallGraph.read(module, sections);
        FunctionRewriter rewriter = new FunctionRewriter(module, charges, summary.globalCount(),
                summary.importedFunctionCount() + summary.definedFunctionCount(), summary.typeCount(), calls, maxCodeSize());
        BinaryWriter body = new BinaryWriter(1024);
        for (int i = 0; i < count; i++) {
            BinaryReader originalBody = in.slice(in.readU32(), "body of function " + i);
            body.reset();
            rewriter.rewrite(originalBody, i, summary.paramCount(i), body);
            content.writeU32(body.size()).writeAll(body);
            if (content.size() > maxCodeSize()) {
                throw tooLarge(original.start());
            }
        }
        if (!in.atEnd()) {
            throw in.malformed("code section has " + in.remaining() + " bytes after its last body");
        }
        if (withHelper) {
            body.reset();
            charges.writeFlushHelper(body);
            content.writeU32(body.size()).writeAll(body);
        }
        out.writeSection(SectionId.CODE, content);
    }
}
