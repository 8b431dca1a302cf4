package liop.node.policy;

import java.util.Locale;

/** When differential privacy applies to a dataset's outputs. */
public enum DpMode {
    /** Only for datasets with fewer records than dp.threshold.records. */
    THRESHOLD,
    /** Always. */
    ALWAYS,
    /** Never. */
    OFF;

    public static DpMode parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown dp.mode '" + text + "': use threshold, always or off");
        }
    }
}
