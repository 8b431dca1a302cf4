package liop.api.engine;

import java.util.Objects;

/**
 * Describes an engine.
 *
 * @param name the value of {@link WasmEngine#NAME_PROPERTY}, e.g. {@code chicory}
 * @param implementation the library behind it, e.g. {@code Chicory}
 * @param version the library's version
 * @param mode how it executes code, e.g. {@code compiler} or {@code interpreter}
 */
public record EngineInfo(String name, String implementation, String version, String mode) {
    public EngineInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(implementation, "implementation");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(mode, "mode");
    }

    @Override
    public String toString() {
        return name + " (" + implementation + " " + version + ", " + mode + ")";
    }
}
