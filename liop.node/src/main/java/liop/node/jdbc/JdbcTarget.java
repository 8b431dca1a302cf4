package liop.node.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A database as configured: its JDBC URL and, when the URL does not carry them, a user and a
 * password. Its text form never shows the password, whether it came as a setting or inside the URL.
 *
 * @param url e.g. {@code jdbc:postgresql://db.example:5432/clinic} or {@code jdbc:h2:/srv/data/visits}
 * @param user empty when the URL or the database needs none
 * @param password empty when the URL or the database needs none
 */
public record JdbcTarget(String url, String user, String password) {

    /** {@code password=...} in a query string ({@code ?&}) or in H2-style settings ({@code ;}). */
    private static final Pattern PASSWORD_SETTING = Pattern.compile("(?i)((?:^|[?&;])\\s*(?:password|pwd)\\s*=)([^&;]*)");
    /** {@code //user:password@host}, which some drivers accept. */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@?&;]*:)[^/@]*@");

    public JdbcTarget {
        url = url == null ? "" : url.strip();
        user = user == null ? "" : user.strip();
        password = password == null ? "" : password;
    }

    /** Checks what can be checked before connecting: the URL is a JDBC URL. */
    public JdbcTarget validated(String urlSetting) {
        if (url.isEmpty()) {
            throw new IllegalArgumentException(urlSetting + " is not set: give the database's JDBC URL, e.g. jdbc:postgresql://host:5432/db or jdbc:h2:/path/to/db");
        }
        if (!url.startsWith("jdbc:")) {
            throw new IllegalArgumentException(urlSetting + " = " + redact(url) + " is not a JDBC URL: it must start with jdbc: (e.g. jdbc:postgresql://host:5432/db)");
        }
        return this;
    }

    /** The URL without its password, and the user: what messages and logs may show. */
    public String describe() {
        return redact(url) + (user.isEmpty() ? "" : " (user " + user + ")");
    }

    @Override
    public String toString() {
        return describe();
    }

    /**
     * {@code text} with this database's password replaced by {@code ***} wherever it appears: for
     * messages that quote a driver, which may echo a setting back.
     */
    public String scrub(String text) {
        if (text == null) {
            return "";
        }
        String scrubbed = text;
        List<String> secrets = new ArrayList<>();
        secrets.add(password);
        PASSWORD_SETTING.matcher(url).results().forEach(m -> secrets.add(m.group(2)));
        for (String secret : secrets) {
            if (!secret.isBlank()) {
                scrubbed = scrubbed.replace(secret, "***");
            }
        }
        return scrubbed;
    }

    /** {@code url} with any password in it replaced by {@code ***}. */
    public static String redact(String url) {
        String withoutSetting = PASSWORD_SETTING.matcher(url).replaceAll("$1***");
        return USER_INFO.matcher(withoutSetting).replaceAll("$1***@");
    }
}
