package liop.node.ledger;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The all-or-nothing rule shared by every ledger: check every charge, then apply every charge. */
final class Entries {

    private Entries() {}

    /** Applies {@code charges} to {@code values} if all fit, and says what happened. */
    static Ledger.Outcome apply(Map<String, Long> values, List<Ledger.Charge> charges) {
        Map<String, Long> after = new HashMap<>();
        for (Ledger.Charge charge : charges) {
            long used = after.getOrDefault(charge.key(), values.getOrDefault(charge.key(), 0L));
            if (used + charge.amount() > charge.limit()) {
                return new Ledger.Outcome.Refused(charge, used);
            }
            after.put(charge.key(), used + charge.amount());
        }
        values.putAll(after);
        return new Ledger.Outcome.Charged(Map.copyOf(after));
    }

    static Map<String, Long> withPrefix(Map<String, Long> values, String prefix) {
        Map<String, Long> found = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                found.put(k, v);
            }
        });
        return found;
    }
}
