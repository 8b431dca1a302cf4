package liop.engine.support.depth;

import java.util.ArrayList;
import java.util.List;

/**
 * One section of a module's bytes.
 *
 * @param id the section id
 * @param start where the section starts (its id byte)
 * @param contentStart where its content starts, after the id and size
 * @param end where it ends (exclusive)
 */
record Section(int id, int start, int contentStart, int end) {

    /** The sections of a module that a parser has already accepted, in order. */
    static List<Section> readAll(byte[] wasm, int headerBytes) {
        List<Section> sections = new ArrayList<>();
        int position = headerBytes;
        while (position < wasm.length) {
            int id = wasm[position] & 0xFF;
            WasmBytes.U32 size = WasmBytes.readU32(wasm, position + 1);
            int contentStart = position + 1 + size.length();
            long end = contentStart + size.value();
            if (end > wasm.length) {
                throw new IllegalArgumentException("section " + id + " at " + position + " runs past the end of the module");
            }
            sections.add(new Section(id, position, contentStart, (int) end));
            position = (int) end;
        }
        return sections;
    }
}
