package liop.node.metering;

import java.util.ArrayList;
import java.util.List;
import liop.node.wasm.SectionId;

/** Splits a module into its sections, checking the header, the section sizes and their order. */
final class Sections {

    /** One section: {@code [start, end)} is the whole section, {@code [contentStart, end)} its content. */
    record Section(int id, int start, int contentStart, int end) {

        BinaryReader content(byte[] module) {
            return new BinaryReader(module, contentStart, end);
        }
    }

    static final int HEADER_SIZE = 8;
    private static final long MAGIC = 0x6d736100L; // "\0asm" read little-endian
    private static final long VERSION = 1;

    private Sections() {}

    static List<Section> read(byte[] module) throws MeteringException {
        if (module.length < HEADER_SIZE) {
            throw MeteringException.malformed(0, "not a WebAssembly module: " + module.length + " bytes is shorter than the 8-byte header");
        }
        BinaryReader in = new BinaryReader(module);
        if (in.readFixedU32() != MAGIC) {
            throw MeteringException.malformed(0, "not a WebAssembly module: it does not start with \\0asm");
        }
        long version = in.readFixedU32();
        if (version != VERSION) {
            throw MeteringException.unsupported(4, "binary format version " + version + " (only core modules, version 1)");
        }

        List<Section> sections = new ArrayList<>();
        int lastOrder = 0;
        while (!in.atEnd()) {
            int start = in.position();
            int id = in.readByte();
            long size = in.readU32();
            if (size > in.remaining()) {
                throw MeteringException.malformed(start, SectionId.name(id) + " section claims " + size + " bytes but only " + in.remaining() + " remain (truncated module?)");
            }
            if (id != SectionId.CUSTOM) {
                int order = SectionId.order(id);
                if (order < 0) {
                    throw MeteringException.malformed(start, "unknown section id " + id);
                }
                if (order <= lastOrder) {
                    throw MeteringException.malformed(start, SectionId.name(id) + " section is out of order or repeated");
                }
                lastOrder = order;
            }
            int contentStart = in.position();
            in.skip((int) size, "section");
            sections.add(new Section(id, start, contentStart, in.position()));
        }
        return sections;
    }
}
