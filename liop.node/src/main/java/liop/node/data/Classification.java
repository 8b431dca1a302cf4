package liop.node.data;

import java.util.Locale;

/** How carefully a field is treated: what it costs to read and whether its values may leave. */
public enum Classification {
    /** Never leaves the node, in any form; the scarcest query budget. */
    FORBIDDEN,
    /** May leave only as aggregates; a smaller query budget. */
    SENSITIVE,
    /** May leave; the largest query budget. */
    PUBLIC;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Classification parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown classification '" + text + "': use forbidden, sensitive or public");
        }
    }
}
