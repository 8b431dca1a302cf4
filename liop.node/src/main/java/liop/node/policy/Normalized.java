package liop.node.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The forms in which keys and values are compared, so that case, separators and spacing do not
 * hide a match: {@code SSN}, {@code s_s_n} and {@code S-S-N} are all {@code ssn};
 * {@code 123-45-6789} and {@code 123 45 6789} are both {@code 123456789}.
 */
final class Normalized {

    private Normalized() {}

    /** Lowercase letters and digits only. */
    static String of(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (Character.isLetterOrDigit(cp)) {
                out.appendCodePoint(Character.toLowerCase(cp));
            }
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    /**
     * The words of a key: split at separators and at lower-to-upper case changes, lowercased.
     * {@code patientSSN_hash} is {@code [patient, ssn, hash]}.
     */
    static List<String> words(String key) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean boundary = !Character.isLetterOrDigit(c)
                    || (i > 0 && Character.isUpperCase(c) && Character.isLowerCase(key.charAt(i - 1)));
            if (boundary && word.length() > 0) {
                words.add(word.toString().toLowerCase(Locale.ROOT));
                word.setLength(0);
            }
            if (Character.isLetterOrDigit(c)) {
                word.append(c);
            }
        }
        if (word.length() > 0) {
            words.add(word.toString().toLowerCase(Locale.ROOT));
        }
        return words;
    }

    static String reversed(String normalized) {
        return new StringBuilder(normalized).reverse().toString();
    }
}
