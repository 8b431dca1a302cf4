package liop.node.metering;

import java.util.List;
import liop.node.metering.Sections.Section;

/**
 * Reassembles a module with fuel metering: every section is copied unchanged except the global
 * section (the fuel global appended as the last global), the export section (its export
 * appended) and the code section (every body rewritten). A module without globals or exports gets
 * those sections, in their place in the section order.
 */
final class ModuleRewriter {

    /** {@code (global i64 (mut) (i64.const 0))}: the fuel used so far, zero at instantiation. */
    private static final byte[] FUEL_GLOBAL = {ValueTypes.I64, 0x01, (byte) Opcodes.I64_CONST, 0x00, (byte) Opcodes.END};
    private static final int EXPORT_KIND_GLOBAL = 0x03;

    /**
     * How much larger than the original a rewritten module may be. Real code grows about twofold;
     * only pathological code (say, nothing but chained {@code memory.grow}) grows more, and this
     * keeps the memory a hostile module can make the meter allocate proportional to its size.
     */
    static final int MAX_GROWTH = 8;

    private final byte[] module;
    private final List<Section> sections;
    private final ModuleSummary summary;
    private final String fuelGlobalName;
    private final long fuelGlobal;
    private final FuelCharges charges;

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
        this.fuelGlobalName = fuelGlobalName;
        this.fuelGlobal = summary.globalCount();
        this.charges = new FuelCharges(fuelGlobal, fuelLimit);
    }

    byte[] rewrite() throws MeteringException {
        BinaryWriter out = new BinaryWriter(module.length * 2);
        out.writeBytes(module, 0, Sections.HEADER_SIZE);
        boolean globalsWritten = false;
        boolean exportsWritten = false;
        for (Section section : sections) {
            int order = SectionId.order(section.id());
            if (!globalsWritten && order > SectionId.order(SectionId.GLOBAL)) {
                writeGlobals(out, null);
                globalsWritten = true;
            }
            if (!exportsWritten && order > SectionId.order(SectionId.EXPORT)) {
                writeExports(out, null);
                exportsWritten = true;
            }
            switch (section.id()) {
                case SectionId.GLOBAL -> {
                    writeGlobals(out, section);
                    globalsWritten = true;
                }
                case SectionId.EXPORT -> {
                    writeExports(out, section);
                    exportsWritten = true;
                }
                case SectionId.CODE -> writeCode(out, section);
                default -> out.writeBytes(module, section.start(), section.end() - section.start());
            }
        }
        if (!globalsWritten) {
            writeGlobals(out, null);
        }
        if (!exportsWritten) {
            writeExports(out, null);
        }
        return out.toByteArray();
    }

    private void writeGlobals(BinaryWriter out, Section original) throws MeteringException {
        writeWithEntryAppended(out, SectionId.GLOBAL, original, new BinaryWriter().writeBytes(FUEL_GLOBAL));
    }

    private void writeExports(BinaryWriter out, Section original) throws MeteringException {
        BinaryWriter export = new BinaryWriter().writeName(fuelGlobalName).writeByte(EXPORT_KIND_GLOBAL).writeU32(fuelGlobal);
        writeWithEntryAppended(out, SectionId.EXPORT, original, export);
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
        content.writeU32(count);
        FunctionRewriter rewriter = new FunctionRewriter(module, charges, summary.globalCount(), summary.importedFunctionCount(), maxCodeSize());
        BinaryWriter body = new BinaryWriter(1024);
        for (int i = 0; i < count; i++) {
            BinaryReader originalBody = in.slice(in.readU32(), "body of function " + i);
            body.reset();
            rewriter.rewrite(originalBody, summary.paramCount(i), body);
            content.writeU32(body.size()).writeAll(body);
            if (content.size() > maxCodeSize()) {
                throw tooLarge(original.start());
            }
        }
        if (!in.atEnd()) {
            throw in.malformed("code section has " + in.remaining() + " bytes after its last body");
        }
        out.writeSection(SectionId.CODE, content);
    }
}
