package liop.engine.chicory;

import java.util.Locale;

/** How the engine executes guest code. */
public enum ExecutionMode {
    /** Translates each module to JVM bytecode once, at compile time: fast runs, slower compiles. */
    COMPILER,
    /** Interprets the module's instructions: instant compiles, runs about 30 times slower. */
    INTERPRETER;

    /** The configuration value, e.g. {@code compiler}. */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads a configuration value, ignoring case and surrounding blanks. */
    public static ExecutionMode parse(String value) {
        for (ExecutionMode mode : values()) {
            if (mode.configValue().equals(value.strip().toLowerCase(Locale.ROOT))) {
                return mode;
            }
        }
        throw new IllegalArgumentException("mode must be compiler or interpreter, not '" + value + "'");
    }
}
