package liop.node.wasm;

/**
 * The section ids of the binary format, their names, and the order non-custom sections must appear
 * in: one table for the Guardian's reader and the fuel meter.
 */
public final class SectionId {

    public static final int CUSTOM = 0;
    public static final int TYPE = 1;
    public static final int IMPORT = 2;
    public static final int FUNCTION = 3;
    public static final int TABLE = 4;
    public static final int MEMORY = 5;
    public static final int GLOBAL = 6;
    public static final int EXPORT = 7;
    public static final int START = 8;
    public static final int ELEMENT = 9;
    public static final int CODE = 10;
    public static final int DATA = 11;
    public static final int DATA_COUNT = 12;
    public static final int TAG = 13;

    private SectionId() {}

    /**
     * Position of a non-custom section in the required order (ids are not in order: data count
     * comes before code, tags before globals), or -1 for an id that does not exist.
     */
    public static int order(int id) {
        return switch (id) {
            case TYPE -> 1;
            case IMPORT -> 2;
            case FUNCTION -> 3;
            case TABLE -> 4;
            case MEMORY -> 5;
            case TAG -> 6;
            case GLOBAL -> 7;
            case EXPORT -> 8;
            case START -> 9;
            case ELEMENT -> 10;
            case DATA_COUNT -> 11;
            case CODE -> 12;
            case DATA -> 13;
            default -> -1;
        };
    }

    public static String name(int id) {
        return switch (id) {
            case CUSTOM -> "custom";
            case TYPE -> "type";
            case IMPORT -> "import";
            case FUNCTION -> "function";
            case TABLE -> "table";
            case MEMORY -> "memory";
            case GLOBAL -> "global";
            case EXPORT -> "export";
            case START -> "start";
            case ELEMENT -> "element";
            case CODE -> "code";
            case DATA -> "data";
            case DATA_COUNT -> "data count";
            case TAG -> "tag";
            default -> "unknown (id " + id + ")";
        };
    }
}
