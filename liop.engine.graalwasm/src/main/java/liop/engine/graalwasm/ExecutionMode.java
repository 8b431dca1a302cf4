package liop.engine.graalwasm;

import java.util.Locale;

/**
 * Which Truffle runtime an engine asks for. Which one it gets depends on the JVM: the optimizing
 * runtime needs JVMCI and the Graal compiler on the JVM's module path; on a stock JDK only the
 * interpreter-only fallback runtime is there. {@link liop.api.engine.EngineInfo#mode()} says which
 * one actually runs ({@code interpreter} or {@code optimizing}).
 */
public enum ExecutionMode {
    /** The optimizing runtime where the JVM offers it, the interpreter otherwise. */
    AUTO,
    /** The interpreter, even where the optimizing runtime is available (compilation off). */
    INTERPRETER,
    /** The optimizing runtime, or no engine at all: for operators who set the JVM up for it. */
    OPTIMIZING;

    /** The configuration value, e.g. {@code auto}. */
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
        throw new IllegalArgumentException("mode must be auto, interpreter or optimizing, not '" + value + "'");
    }
}
