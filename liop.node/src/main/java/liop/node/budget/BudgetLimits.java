package liop.node.budget;

import liop.node.data.Classification;

/**
 * How many queries an agent may make on one field of one dataset in a budget window.
 *
 * @param forbidden queries on a forbidden field
 * @param sensitive queries on a sensitive field
 * @param open queries on a public field
 * @param uniform when positive, every field gets this many, whatever its classification
 */
public record BudgetLimits(long forbidden, long sensitive, long open, long uniform) {

    /** Forbidden 3, sensitive 8, public 25. */
    public static final BudgetLimits DEFAULT = new BudgetLimits(3, 8, 25, 0);

    public BudgetLimits {
        if (forbidden < 0 || sensitive < 0 || open < 0 || uniform < 0) {
            throw new IllegalArgumentException("query budgets must not be negative");
        }
    }

    public long of(Classification classification) {
        if (uniform > 0) {
            return uniform;
        }
        return switch (classification) {
            case FORBIDDEN -> forbidden;
            case SENSITIVE -> sensitive;
            case PUBLIC -> open;
        };
    }

    /** The setting an operator changes to give more, for error messages. */
    public String settingFor(Classification classification) {
        return uniform > 0 ? "budget.uniform" : "budget." + classification.wireName();
    }
}
