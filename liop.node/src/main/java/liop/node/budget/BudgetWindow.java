package liop.node.budget;

import java.time.Duration;
import java.time.Instant;

/**
 * The period query budgets count over: fixed windows of {@code length} starting at the Unix epoch,
 * so every node process sharing a store agrees on the current one without talking.
 */
public record BudgetWindow(Duration length) {

    public static final BudgetWindow DAY = new BudgetWindow(Duration.ofDays(1));

    public BudgetWindow {
        if (length.isNegative() || length.isZero() || length.toSeconds() < 1) {
            throw new IllegalArgumentException("budget.window must be at least one second, got " + length);
        }
    }

    public long indexAt(Instant now) {
        return now.getEpochSecond() / length.toSeconds();
    }

    public Instant endOf(long index) {
        return Instant.ofEpochSecond((index + 1) * length.toSeconds());
    }
}
