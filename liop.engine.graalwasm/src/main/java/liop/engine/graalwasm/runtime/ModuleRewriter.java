package liop.engine.graalwasm.runtime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;

/**
 * Small edits to a module's binary that let GraalWasm run it under the same rules as the Chicory
 * engine, where Chicory has a hook and GraalWasm has none:
 *
 * <ul>
 *   <li>a table's maximum is capped (Chicory caps {@code table.grow} through its table factory);
 *   <li>a memory without a maximum gets the sandbox's cap as maximum (Chicory caps it through its
 *       memory factory), so that {@code memory.grow} past the cap returns -1;
 *   <li>memory 0 is exported if the module does not export it: the WASI functions are host
 *       functions here, and the host reaches guest memory through an export; so is the global
 *       in which the module counts its call depth, to tell the depth limit's trap from others;
 *   <li>the start function is exported and the start section dropped, so that it runs after the
 *       host has connected WASI to the instance's memory, as in Chicory.
 * </ul>
 *
 * The input has been parsed and validated (by Chicory's parser) before it gets here; every other
 * section is copied byte for byte.
 */
final class ModuleRewriter {

    private static final int TABLE_SECTION_ID = 4;
    private static final int MEMORY_SECTION_ID = 5;
    private static final int EXPORT_SECTION_ID = 7;
    private static final int START_SECTION_ID = 8;
    private static final int EXPORT_FUNCTION = 0x00;
    private static final int EXPORT_MEMORY = 0x02;
    private static final int EXPORT_GLOBAL = 0x03;
    private static final int LIMITS_MIN = 0x00;
    private static final int LIMITS_MIN_MAX = 0x01;
    private static final long NO_MAXIMUM = Long.MAX_VALUE;
    private static final int FUNCREF = 0x70;
    private static final int EXTERNREF = 0x6f;
    private static final int HEADER_BYTES = 8;

    private final byte[] header;
    private final List<Section> sections;

    private record Section(int id, byte[] payload) {}

    private ModuleRewriter(byte[] header, List<Section> sections) {
        this.header = header;
        this.sections = sections;
    }

    static ModuleRewriter of(byte[] wasm) {
        Reader reader = new Reader(wasm, HEADER_BYTES);
        List<Section> sections = new ArrayList<>();
        while (reader.more()) {
            int id = reader.u8();
            int size = reader.u32();
            sections.add(new Section(id, reader.bytes(size)));
        }
        byte[] header = new byte[HEADER_BYTES];
        System.arraycopy(wasm, 0, header, 0, HEADER_BYTES);
        return new ModuleRewriter(header, sections);
    }

    /** Gives every table without a maximum, or with a larger one, the maximum {@code maxEntries}. */
    ModuleRewriter capTables(int maxEntries) {
        return rewriteSection(TABLE_SECTION_ID, payload -> {
            Reader reader = new Reader(payload, 0);
            Writer writer = new Writer();
            int count = reader.u32();
            writer.u32(count);
            for (int i = 0; i < count; i++) {
                int elementType = reader.u8();
                if (elementType != FUNCREF && elementType != EXTERNREF) {
                    throw new IllegalArgumentException("table " + i + " is of a form this engine does not support (0x"
                            + Integer.toHexString(elementType) + ")");
                }
                writer.u8(elementType);
                copyLimits(reader, writer, maxEntries);
            }
            return writer.bytes();
        });
    }

    /** Gives memory 0, if it declares no maximum or a larger one, the maximum {@code maxPages}. */
    ModuleRewriter capMemory(int maxPages) {
        return rewriteSection(MEMORY_SECTION_ID, payload -> {
            Reader reader = new Reader(payload, 0);
            Writer writer = new Writer();
            int count = reader.u32();
            writer.u32(count);
            for (int i = 0; i < count; i++) {
                copyLimits(reader, writer, i == 0 ? maxPages : Long.MAX_VALUE);
            }
            return writer.bytes();
        });
    }

    /**
     * Copies one limits entry, lowering its maximum to {@code cap} when it has none or a larger one.
     * Shared and 64-bit limits are copied as they are (GraalWasm refuses them with its defaults).
     */
    private static void copyLimits(Reader reader, Writer writer, long cap) {
        int flags = reader.u8();
        boolean plain = flags == LIMITS_MIN || flags == LIMITS_MIN_MAX;
        long minimum = reader.leb();
        long maximum = (flags & LIMITS_MIN_MAX) != 0 ? reader.leb() : NO_MAXIMUM;
        if (plain && maximum > cap) {
            maximum = cap;
            flags = LIMITS_MIN_MAX;
        }
        writer.u8(flags);
        writer.leb(minimum);
        if (maximum != NO_MAXIMUM) {
            writer.leb(maximum);
        }
    }

    /**
     * A prefix no export of the module starts with, for the exports the host adds: {@code \0liop-},
     * with more NULs in front in the unlikely case that a guest uses it.
     */
    String unusedExportPrefix() {
        String prefix = "\0liop-";
        List<Export> exports = exports();
        while (true) {
            String candidate = prefix;
            if (exports.stream().noneMatch(export -> export.name().startsWith(candidate))) {
                return prefix;
            }
            prefix = "\0" + prefix;
        }
    }

    /** The name memory 0 is exported under, if it is. */
    Optional<String> memoryExport() {
        for (Export export : exports()) {
            if (export.kind() == EXPORT_MEMORY && export.index() == 0) {
                return Optional.of(export.name());
            }
        }
        return Optional.empty();
    }

    boolean hasMemory() {
        return section(MEMORY_SECTION_ID).map(payload -> new Reader(payload, 0).u32() > 0).orElse(false);
    }

    /** Adds an export of global {@code index} named {@code name}. */
    ModuleRewriter exportGlobal(String name, int index) {
        return addExport(name, EXPORT_GLOBAL, index);
    }

    /** Adds an export of memory 0 named {@code name}. */
    ModuleRewriter exportMemory(String name) {
        return addExport(name, EXPORT_MEMORY, 0);
    }

    /** The index of the start function, if the module has a start section. */
    OptionalInt startFunction() {
        return section(START_SECTION_ID).map(payload -> OptionalInt.of(new Reader(payload, 0).u32())).orElse(OptionalInt.empty());
    }

    /** Drops the start section and exports the start function as {@code name} instead. */
    ModuleRewriter exportStartFunction(String name) {
        int start = startFunction().orElseThrow();
        List<Section> kept = new ArrayList<>(sections);
        kept.removeIf(section -> section.id() == START_SECTION_ID);
        return new ModuleRewriter(header, kept).addExport(name, EXPORT_FUNCTION, start);
    }

    byte[] bytes() {
        Writer writer = new Writer();
        writer.raw(header);
        for (Section section : sections) {
            writer.u8(section.id());
            writer.u32(section.payload().length);
            writer.raw(section.payload());
        }
        return writer.bytes();
    }

    // ---- exports ----

    private record Export(String name, int kind, int index) {}

    private List<Export> exports() {
        List<Export> exports = new ArrayList<>();
        section(EXPORT_SECTION_ID).ifPresent(payload -> {
            Reader reader = new Reader(payload, 0);
            int count = reader.u32();
            for (int i = 0; i < count; i++) {
                String name = new String(reader.bytes(reader.u32()), StandardCharsets.UTF_8);
                exports.add(new Export(name, reader.u8(), reader.u32()));
            }
        });
        return exports;
    }

    private ModuleRewriter addExport(String name, int kind, int index) {
        Writer entry = new Writer();
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        entry.u32(utf8.length);
        entry.raw(utf8);
        entry.u8(kind);
        entry.u32(index);
        if (section(EXPORT_SECTION_ID).isEmpty()) {
            Writer payload = new Writer();
            payload.u32(1);
            payload.raw(entry.bytes());
            return withSection(EXPORT_SECTION_ID, payload.bytes());
        }
        return rewriteSection(EXPORT_SECTION_ID, payload -> {
            Reader reader = new Reader(payload, 0);
            int count = reader.u32();
            Writer writer = new Writer();
            writer.u32(count + 1);
            writer.raw(reader.rest());
            writer.raw(entry.bytes());
            return writer.bytes();
        });
    }

    // ---- sections ----

    private Optional<byte[]> section(int id) {
        return sections.stream().filter(section -> section.id() == id).map(Section::payload).findFirst();
    }

    private ModuleRewriter rewriteSection(int id, UnaryOperator<byte[]> rewrite) {
        List<Section> rewritten = new ArrayList<>(sections.size());
        for (Section section : sections) {
            rewritten.add(section.id() == id ? new Section(id, rewrite.apply(section.payload())) : section);
        }
        return new ModuleRewriter(header, rewritten);
    }

    /** Inserts a section that the module lacks, in the order the binary format requires. */
    private ModuleRewriter withSection(int id, byte[] payload) {
        List<Section> result = new ArrayList<>(sections.size() + 1);
        boolean inserted = false;
        for (Section section : sections) {
            // custom sections (id 0) may sit anywhere; known sections are ordered by id, but
            // data count (12) comes before code (10)
            if (!inserted && section.id() != 0 && order(section.id()) > order(id)) {
                result.add(new Section(id, payload));
                inserted = true;
            }
            result.add(section);
        }
        if (!inserted) {
            result.add(new Section(id, payload));
        }
        return new ModuleRewriter(header, result);
    }

    private static int order(int id) {
        return switch (id) {
            case 12 -> 95; // data count: after element (9), before code (10)
            case 13 -> 55; // tag: after memory (5), before global (6)
            default -> id * 10;
        };
    }

    // ---- LEB128 ----

    private static final class Reader {
        private final byte[] bytes;
        private int position;

        Reader(byte[] bytes, int position) {
            this.bytes = bytes;
            this.position = position;
        }

        boolean more() {
            return position < bytes.length;
        }

        int u8() {
            return bytes[position++] & 0xff;
        }

        int u32() {
            return (int) leb();
        }

        /** An unsigned LEB128 number of up to 64 bits. */
        long leb() {
            long result = 0;
            for (int shift = 0; ; shift += 7) {
                int b = u8();
                result |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
        }

        byte[] bytes(int length) {
            byte[] result = new byte[length];
            System.arraycopy(bytes, position, result, 0, length);
            position += length;
            return result;
        }

        byte[] rest() {
            return bytes(bytes.length - position);
        }
    }

    private static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void u8(int value) {
            out.write(value);
        }

        void u32(int value) {
            leb(Integer.toUnsignedLong(value));
        }

        void leb(long value) {
            long rest = value;
            do {
                int b = (int) (rest & 0x7f);
                rest >>>= 7;
                out.write(rest != 0 ? b | 0x80 : b);
            } while (rest != 0);
        }

        void raw(byte[] bytes) {
            out.write(bytes, 0, bytes.length);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
