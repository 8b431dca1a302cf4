package liop.node.policy;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** How an output key is compared with the forbidden key names. */
public enum KeyMatch {

    /** The whole key, normalized, is a forbidden name: {@code SSN}, {@code s_s_n}. */
    EXACT,
    /**
     * As EXACT, or a run of the key's words spells a forbidden name: also {@code ssn_hash},
     * {@code patientSSN}, {@code s_s_n_hash}; not {@code lessness}.
     */
    WORDS,
    /** The normalized key contains a forbidden name anywhere: the most cautious, with false alarms. */
    CONTAINS;

    public static KeyMatch parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown key match '" + text + "': use exact, words or contains");
        }
    }

    /** The forbidden name {@code key} matches, or null. */
    String match(String key, Set<String> forbidden) {
        String whole = Normalized.of(key);
        if (forbidden.contains(whole)) {
            return whole;
        }
        return switch (this) {
            case EXACT -> null;
            case WORDS -> wordRun(Normalized.words(key), forbidden);
            case CONTAINS -> forbidden.stream().filter(whole::contains).findFirst().orElse(null);
        };
    }

    private static String wordRun(List<String> words, Set<String> forbidden) {
        for (int start = 0; start < words.size(); start++) {
            StringBuilder run = new StringBuilder();
            for (int end = start; end < words.size(); end++) {
                run.append(words.get(end));
                if (forbidden.contains(run.toString())) {
                    return run.toString();
                }
            }
        }
        return null;
    }
}
