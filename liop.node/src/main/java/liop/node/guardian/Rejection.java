package liop.node.guardian;

import liop.api.engine.ExecutionStatus;

/**
 * The Guardian refused a request before it reached an engine.
 *
 * @param status {@code INVALID} for a malformed module or request, {@code DENIED} for something
 *     policy does not allow
 * @param message what was wrong and what to do about it
 */
public record Rejection(ExecutionStatus status, String message) {

    public static Rejection invalid(String message) {
        return new Rejection(ExecutionStatus.INVALID, message);
    }

    public static Rejection denied(String message) {
        return new Rejection(ExecutionStatus.DENIED, message);
    }
}
