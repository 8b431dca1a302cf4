package liop.node.guardian;

import static liop.node.wasm.SectionId.CODE;
import static liop.node.wasm.SectionId.CUSTOM;
import static liop.node.wasm.SectionId.DATA;
import static liop.node.wasm.SectionId.ELEMENT;
import static liop.node.wasm.SectionId.EXPORT;
import static liop.node.wasm.SectionId.FUNCTION;
import static liop.node.wasm.SectionId.GLOBAL;
import static liop.node.wasm.SectionId.IMPORT;
import static liop.node.wasm.SectionId.MEMORY;
import static liop.node.wasm.SectionId.START;
import static liop.node.wasm.SectionId.TABLE;
import static liop.node.wasm.SectionId.TYPE;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import liop.node.guardian.ModuleInfo.Export;
import liop.node.wasm.SectionId;
import liop.node.guardian.ModuleInfo.ExternKind;
import liop.node.guardian.ModuleInfo.Import;
import liop.node.guardian.ModuleInfo.Limits;

/**
 * Reads the structure of a WebAssembly binary (the sections the Guardian judges by) and rejects
 * anything malformed: bad magic or version, sections out of order or overrunning the module,
 * LEB128 numbers too long, counts larger than the bytes that could hold them, invalid UTF-8 names.
 * Function bodies are not decoded here; engines validate code when they compile.
 *
 * <p>Every count is checked against the bytes left before anything is allocated, so a hostile
 * module cannot make the reader allocate more than the module's own size.
 */
public final class WasmBinaryReader {

    private static final int MAGIC = 0x6d736100; // "\0asm" little-endian
    private static final int VERSION = 1;


    private final byte[] bytes;
    private int pos;

    private WasmBinaryReader(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Reads a module's structure, or explains why the bytes are not a module. */
    public static ModuleInfo read(byte[] bytes) throws ModuleFormatException {
        return new WasmBinaryReader(bytes).readModule();
    }

    private ModuleInfo readModule() throws ModuleFormatException {
        if (bytes.length < 8) {
            throw new ModuleFormatException("not a WebAssembly module: " + bytes.length + " bytes is shorter than the 8-byte header");
        }
        if (readFixedInt() != MAGIC) {
            throw new ModuleFormatException("not a WebAssembly module: the first bytes are not \\0asm (is it .wat text? compile it first, or use `liop exec` which compiles .wat)");
        }
        int version = readFixedInt();
        if (version != VERSION) {
            throw new ModuleFormatException("unsupported WebAssembly binary version " + version + " (only version 1, the core module format, is supported; components are not)");
        }

        List<Import> imports = new ArrayList<>();
        List<Limits> memories = new ArrayList<>();
        List<Limits> tables = new ArrayList<>();
        List<Export> exports = new ArrayList<>();
        int functionCount = 0;
        long types = 0, globals = 0, dataSegments = 0, elementSegments = 0;
        long[] code = {0, 0}; // most locals in one function, largest body
        boolean hasStart = false;
        int lastOrder = 0;

        while (pos < bytes.length) {
            int sectionStart = pos;
            int id = readByte();
            long size = readU32("section size");
            if (size > bytes.length - pos) {
                throw new ModuleFormatException("section " + sectionName(id) + " at offset " + sectionStart + " claims " + size + " bytes but only " + (bytes.length - pos) + " remain (truncated module?)");
            }
            int end = pos + (int) size;
            if (id != CUSTOM) {
                int order = sectionOrder(id, sectionStart);
                if (order <= lastOrder) {
                    throw new ModuleFormatException("section " + sectionName(id) + " at offset " + sectionStart + " is out of order or repeated");
                }
                lastOrder = order;
            }
            switch (id) {
                case CUSTOM -> {
                    readName("custom section name", end);
                    pos = end; // contents are for tools (names, producers), not for us
                }
                case IMPORT -> readImports(imports, memories, tables, end);
                case FUNCTION -> functionCount = readFunctionSection(end);
                case TABLE -> readVector("table", end, () -> tables.add(readTableType(end)));
                case MEMORY -> readVector("memory", end, () -> memories.add(readLimits(end, "memory")));
                case EXPORT -> readVector("export", end, () -> {
                    String name = readName("export name", end);
                    ExternKind kind = ExternKind.of(readByteWithin(end));
                    readU32("export index");
                    exports.add(new Export(name, kind));
                });
                case START -> {
                    readU32("start function index");
                    hasStart = true;
                }
                case TYPE -> {
                    types = readCount("type", end);
                    pos = end;
                }
                case GLOBAL -> {
                    globals = readCount("global", end);
                    pos = end;
                }
                case ELEMENT -> {
                    elementSegments = readCount("element segment", end);
                    pos = end;
                }
                case DATA -> {
                    dataSegments = readCount("data segment", end);
                    pos = end;
                }
                case CODE -> code = readCodeSection(end);
                default -> pos = end; // data count, tag: engines validate these
            }
            if (pos != end) {
                throw new ModuleFormatException(pos > end
                        ? "section " + sectionName(id) + " at offset " + sectionStart + " has contents running " + (pos - end) + " bytes past its end (size mismatch)"
                        : "section " + sectionName(id) + " at offset " + sectionStart + " has " + (end - pos) + " bytes left over after its contents (size mismatch)");
            }
        }
        Set<String> exportNames = new HashSet<>();
        for (Export e : exports) {
            if (!exportNames.add(e.name())) {
                throw new ModuleFormatException("export name '" + e.name() + "' is used twice");
            }
        }
        ModuleInfo.Counts counts = new ModuleInfo.Counts(types, globals, code[0], code[1], dataSegments, elementSegments);
        return new ModuleInfo(imports, memories, tables, exports, functionCount, counts, hasStart, bytes.length);
    }

    private void readImports(List<Import> imports, List<Limits> memories, List<Limits> tables, int end) throws ModuleFormatException {
        readVector("import", end, () -> {
            String module = readName("import module name", end);
            String name = readName("import name", end);
            ExternKind kind = ExternKind.of(readByteWithin(end));
            switch (kind) {
                case FUNCTION -> readU32("imported function type index");
                case TABLE -> readTableType(end);
                case MEMORY -> readLimits(end, "imported memory");
                case GLOBAL -> {
                    readByteWithin(end); // value type
                    int mutability = readByteWithin(end);
                    if (mutability > 1) {
                        throw new ModuleFormatException("imported global " + module + "." + name + " has invalid mutability " + mutability);
                    }
                }
                case TAG -> {
                    readByteWithin(end); // attribute
                    readU32("tag type index");
                }
            }
            imports.add(new Import(module, name, kind));
        });
    }

    private int readFunctionSection(int end) throws ModuleFormatException {
        int[] count = new int[1];
        readVector("function", end, () -> {
            readU32("function type index");
            count[0]++;
        });
        return count[0];
    }

    /** A vector's count, checked against the bytes that could hold its entries. */
    private long readCount(String what, int end) throws ModuleFormatException {
        long count = readU32(what + " count");
        if (count > end - pos) {
            throw new ModuleFormatException(what + " section claims " + count + " entries in " + left(end) + " bytes");
        }
        return count;
    }

    /**
     * Reads each function body's size and local declarations (how many locals an engine allocates
     * per call); the instructions themselves are left to the engines and the meter.
     */
    private long[] readCodeSection(int end) throws ModuleFormatException {
        long mostLocals = 0;
        long largestBody = 0;
        long bodies = readCount("code", end);
        for (long i = 0; i < bodies; i++) {
            long size = readU32("function body size");
            if (size > end - pos) {
                throw new ModuleFormatException("function body " + i + " claims " + size + " bytes but its section has " + left(end) + " left");
            }
            int bodyEnd = pos + (int) size;
            long locals = 0;
            long declarations = readCount("local declaration", bodyEnd);
            for (long d = 0; d < declarations; d++) {
                locals += readU32("local count");
                readByteWithin(bodyEnd); // value type
            }
            mostLocals = Math.max(mostLocals, locals);
            largestBody = Math.max(largestBody, size);
            pos = bodyEnd;
        }
        return new long[] {mostLocals, largestBody};
    }

    private Limits readTableType(int end) throws ModuleFormatException {
        int refType = readByteWithin(end);
        if (refType != 0x70 && refType != 0x6f) {
            throw new ModuleFormatException("table element type 0x" + Integer.toHexString(refType) + " is not funcref or externref");
        }
        return readLimits(end, "table");
    }

    private Limits readLimits(int end, String what) throws ModuleFormatException {
        int flags = readByteWithin(end);
        if ((flags & 0x04) != 0) {
            throw new ModuleFormatException(what + " uses 64-bit addressing (memory64), which is not supported");
        }
        if (flags > 0x03) {
            throw new ModuleFormatException(what + " has invalid limits flags 0x" + Integer.toHexString(flags));
        }
        long min = readU32(what + " minimum");
        Optional<Long> max = Optional.empty();
        if ((flags & 0x01) != 0) {
            long m = readU32(what + " maximum");
            if (m < min) {
                throw new ModuleFormatException(what + " maximum " + m + " is below its minimum " + min);
            }
            max = Optional.of(m);
        }
        return new Limits(min, max);
    }

    @FunctionalInterface
    private interface Entry {
        void read() throws ModuleFormatException;
    }

    private void readVector(String what, int end, Entry entry) throws ModuleFormatException {
        long count = readU32(what + " count");
        // Each entry takes at least one byte: a count beyond the bytes left is a lie.
        if (count > end - pos) {
            throw new ModuleFormatException(what + " section claims " + count + " entries in " + left(end) + " bytes");
        }
        for (long i = 0; i < count; i++) {
            entry.read();
            if (pos > end) {
                throw new ModuleFormatException(what + " entry " + i + " runs past the end of its section");
            }
        }
    }

    private String readName(String what, int end) throws ModuleFormatException {
        long length = readU32(what + " length");
        if (length > end - pos) {
            throw new ModuleFormatException(what + " claims " + length + " bytes but its section has " + left(end) + " left");
        }
        try {
            String name = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, pos, (int) length))
                    .toString();
            pos += (int) length;
            return name;
        } catch (CharacterCodingException e) {
            throw new ModuleFormatException(what + " at offset " + pos + " is not valid UTF-8");
        }
    }

    /** Bytes left before {@code end}: none once a number read has run past it (LEB128 reads are not bounded by sections). */
    private int left(int end) {
        return Math.max(0, end - pos);
    }

    private int readFixedInt() {
        int v = (bytes[pos] & 0xff) | (bytes[pos + 1] & 0xff) << 8 | (bytes[pos + 2] & 0xff) << 16 | (bytes[pos + 3] & 0xff) << 24;
        pos += 4;
        return v;
    }

    private int readByte() throws ModuleFormatException {
        if (pos >= bytes.length) {
            throw new ModuleFormatException("unexpected end of module at offset " + pos);
        }
        return bytes[pos++] & 0xff;
    }

    private int readByteWithin(int end) throws ModuleFormatException {
        if (pos >= end) {
            throw new ModuleFormatException("unexpected end of section at offset " + pos);
        }
        return bytes[pos++] & 0xff;
    }

    /** Unsigned LEB128 of at most 32 bits, in at most 5 bytes. */
    private long readU32(String what) throws ModuleFormatException {
        long result = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (pos >= bytes.length) {
                throw new ModuleFormatException(what + ": unexpected end of module at offset " + pos);
            }
            int b = bytes[pos++] & 0xff;
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                if (result > 0xffffffffL) {
                    throw new ModuleFormatException(what + " at offset " + (pos - 1) + " does not fit in 32 bits");
                }
                return result;
            }
        }
        throw new ModuleFormatException(what + " at offset " + pos + " is an overlong LEB128 number");
    }

    private static int sectionOrder(int id, int offset) throws ModuleFormatException {
        int order = SectionId.order(id);
        if (order < 0) {
            throw new ModuleFormatException("unknown section id " + id + " at offset " + offset);
        }
        return order;
    }

    private static String sectionName(int id) {
        return SectionId.name(id);
    }
}
