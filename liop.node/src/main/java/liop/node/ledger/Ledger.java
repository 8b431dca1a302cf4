package liop.node.ledger;

import java.util.List;
import java.util.Map;

/**
 * Counters with limits, charged all or nothing: the query budgets and privacy-loss accounts of the
 * node live in one. Implementations are safe for concurrent use, and the persistent ones for
 * several node processes sharing the same store.
 */
public interface Ledger extends AutoCloseable {

    /**
     * One increment: {@code amount} added to {@code key} unless that would take it past {@code limit}.
     */
    record Charge(String key, long amount, long limit) {
        public Charge {
            if (amount < 0) {
                throw new IllegalArgumentException("a charge cannot be negative: " + amount);
            }
        }
    }

    /** What happened to a set of charges. */
    sealed interface Outcome {
        /** Every charge was applied; {@code used} is each key's new value. */
        record Charged(Map<String, Long> used) implements Outcome {}

        /** Nothing was applied, because {@code charge} would have passed its limit from {@code used}. */
        record Refused(Charge charge, long used) implements Outcome {}
    }

    /** Applies all of {@code charges} or none of them. */
    Outcome charge(List<Charge> charges) throws LedgerException;

    /** The current values of the keys starting with {@code prefix}. */
    Map<String, Long> read(String prefix) throws LedgerException;

    /** Drops the keys starting with {@code prefix} (e.g. budget windows that have passed). */
    void forget(String prefix) throws LedgerException;

    /** Whether values survive a restart of the node. */
    boolean persistent();

    /** Where the values are kept, for operators. */
    String describe();

    @Override
    default void close() {}
}
