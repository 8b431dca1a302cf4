package liop.node.jdbc;

import java.sql.SQLException;

/**
 * A driver's {@link SQLException} as a sentence an operator can act on: the driver's own words
 * (which name the user, host or table, never the password), its SQLState, and what to check.
 */
public final class SqlErrors {

    private SqlErrors() {}

    public static String explain(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("").strip();
        String hint = hint(state);
        return message + (state.isEmpty() ? "" : " (SQLState " + state + ")") + (hint.isEmpty() ? "" : "; " + hint);
    }

    private static String hint(String state) {
        return switch (state) {
            case "28P01", "28000" -> "check the user and password";
            case "3D000" -> "check the database name in the URL";
            case "90146", "90013" -> "check the database file's path in the URL";
            case "42501" -> "the database user lacks a permission; grant it, or use another user";
            default -> state.startsWith("08") ? "check that the database server is running and that the URL names its host and port" : "";
        };
    }
}
