package liop.node.metering;

/**
 * Reads value, reference and heap types. The meter accepts the numeric types, {@code v128} and the
 * two reference types of the reference-types proposal; the typed references of the GC proposal
 * are refused.
 */
final class ValueTypes {

    static final int I32 = 0x7F;
    static final int I64 = 0x7E;
    static final int F32 = 0x7D;
    static final int F64 = 0x7C;
    static final int V128 = 0x7B;
    static final int FUNCREF = 0x70;
    static final int EXTERNREF = 0x6F;

    private ValueTypes() {}

    static boolean isValueType(int b) {
        return b == I32 || b == I64 || b == F32 || b == F64 || b == V128 || isReferenceType(b);
    }

    static boolean isReferenceType(int b) {
        return b == FUNCREF || b == EXTERNREF;
    }

    /** The GC proposal's ref/ref-null type constructors and abstract heap type shorthands. */
    static boolean isGcType(int b) {
        return b == 0x63 || b == 0x64 || (b >= 0x69 && b <= 0x6E) || (b >= 0x71 && b <= 0x74);
    }

    static void readValueType(BinaryReader in) throws MeteringException {
        checkType(in, in.readByte(), ValueTypes::isValueType, "value type");
    }

    static void readReferenceType(BinaryReader in) throws MeteringException {
        checkType(in, in.readByte(), ValueTypes::isReferenceType, "reference type");
    }

    /**
     * The heap type of {@code ref.null}: only {@code func} and {@code extern}. Heap types are s33
     * numbers: one that is not a negative one-byte code is a type index, which only typed function
     * references and GC allow (Chicory accepts {@code ref.null 0}), so it is unsupported, not
     * malformed.
     */
    static void readHeapType(BinaryReader in) throws MeteringException {
        int b = in.readByte();
        if (b < 0x40 || b >= 0x80) {
            throw MeteringException.unsupported(in.position() - 1,
                    String.format("typed function references (ref.null of a type index, heap type byte 0x%02x)", b));
        }
        checkType(in, b, ValueTypes::isReferenceType, "heap type");
    }

    private interface TypeTest {
        boolean accepts(int b);
    }

    private static void checkType(BinaryReader in, int b, TypeTest accepted, String what) throws MeteringException {
        if (accepted.accepts(b)) {
            return;
        }
        int at = in.position() - 1;
        if (isGcType(b)) {
            throw MeteringException.unsupported(at, "typed references (GC proposal " + what + String.format(" 0x%02x)", b));
        }
        throw MeteringException.malformed(at, String.format("invalid %s 0x%02x", what, b));
    }
}
