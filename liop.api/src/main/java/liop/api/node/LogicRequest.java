package liop.api.node;

import java.util.List;
import java.util.Objects;

/**
 * An agent's request to run a module.
 *
 * @param module the module's binary form; may be empty when {@code moduleSha256} names a module the
 *     node already has (content addressing)
 * @param moduleSha256 lowercase hex SHA-256 of the module, or empty to let the node compute it
 * @param paramsJson the JSON value handed to the module as {@code params}; {@code null} means none
 * @param capabilities what the module asks for, in their text forms (see {@link Capability})
 * @param engine the engine to run on, or empty for the one the node currently serves with
 */
public record LogicRequest(byte[] module, String moduleSha256, String paramsJson, List<String> capabilities, String engine) {

    public LogicRequest {
        Objects.requireNonNull(module, "module");
        moduleSha256 = moduleSha256 == null ? "" : moduleSha256;
        capabilities = List.copyOf(capabilities);
        engine = engine == null ? "" : engine;
    }

    /** A request for a module with no params and no capabilities. */
    public static LogicRequest of(byte[] module) {
        return new LogicRequest(module, "", null, List.of(), "");
    }

    public LogicRequest withParams(String paramsJson) {
        return new LogicRequest(module, moduleSha256, paramsJson, capabilities, engine);
    }

    public LogicRequest withCapabilities(List<String> capabilities) {
        return new LogicRequest(module, moduleSha256, paramsJson, capabilities, engine);
    }

    public LogicRequest withEngine(String engine) {
        return new LogicRequest(module, moduleSha256, paramsJson, capabilities, engine);
    }
}
