package liop.node.ledger;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A ledger in memory: the fallback when no store is configured or the configured one fails. */
public final class MemoryLedger implements Ledger {

    private final Map<String, Long> values = new HashMap<>();

    @Override
    public synchronized Outcome charge(List<Charge> charges) {
        return Entries.apply(values, charges);
    }

    @Override
    public synchronized Map<String, Long> read(String prefix) {
        return Entries.withPrefix(values, prefix);
    }

    @Override
    public synchronized void forget(String prefix) {
        values.keySet().removeIf(k -> k.startsWith(prefix));
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public String describe() {
        return "memory (lost when the node stops)";
    }
}
