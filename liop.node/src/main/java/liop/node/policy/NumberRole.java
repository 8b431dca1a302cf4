package liop.node.policy;

import java.util.List;
import java.util.Set;

/**
 * What a number in an output is, read from its key: a count (a record moves it by 1), an average
 * (a record moves it by the field's sensitivity over the number of records), or a sum or anything
 * else (a record moves it by the field's sensitivity). The field is the rest of the key:
 * {@code avg_age} is an average of {@code age}.
 */
record NumberRole(Kind kind, String field) {

    enum Kind { COUNT, AVERAGE, SUM }

    /** Words that make a key a count wherever they stand: asthma_count, n, num_patients. */
    private static final Set<String> COUNT_WORDS = Set.of("count", "n", "num", "number", "matches");
    /** Keys that are counts only on their own: total alone is a count, total_income a sum. */
    private static final Set<String> COUNT_KEYS = Set.of("total", "size", "records", "rows", "skipped");
    private static final Set<String> AVERAGE_WORDS = Set.of("avg", "average", "mean");

    static NumberRole of(String key) {
        List<String> words = Normalized.words(key);
        if (words.stream().anyMatch(AVERAGE_WORDS::contains)) {
            return new NumberRole(Kind.AVERAGE, rest(words, AVERAGE_WORDS));
        }
        if (words.stream().anyMatch(COUNT_WORDS::contains) || (words.size() == 1 && COUNT_KEYS.contains(words.get(0)))) {
            return new NumberRole(Kind.COUNT, rest(words, COUNT_WORDS));
        }
        return new NumberRole(Kind.SUM, rest(words, Set.of("sum", "total")));
    }

    private static String rest(List<String> words, Set<String> drop) {
        return String.join("_", words.stream().filter(w -> !drop.contains(w)).toList());
    }

    boolean isCount() {
        return kind == Kind.COUNT;
    }
}
