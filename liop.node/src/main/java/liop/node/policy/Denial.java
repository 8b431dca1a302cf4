package liop.node.policy;

/**
 * Why an output may not leave: which rule, where in the output, and a message for the agent. It
 * never repeats the offending value.
 *
 * @param rule the setting that blocked it, e.g. {@code egress.forbidden.keys}
 * @param path where in the output, as a JSON path ({@code $.rows[3].ssn})
 * @param message what happened and what to do
 */
public record Denial(String rule, String path, String message) {}
