package liop.engine.graalwasm;

import java.util.Dictionary;
import java.util.Hashtable;
import liop.api.engine.WasmEngine;
import liop.engine.support.service.EngineRegistration;
import org.osgi.framework.Constants;

/**
 * The engine's settings.
 *
 * @param name the engine's name
 * @param mode the Truffle runtime asked for
 * @param cacheSize compiled modules kept
 * @param serviceRanking the ranking of its service
 */
record EngineSettings(String name, ExecutionMode mode, int cacheSize, int serviceRanking)
        implements EngineRegistration.Settings<GraalWasmEngine, EngineSettings> {

    /** The runtime that actually runs guests: {@code interpreter} or {@code optimizing}. */
    static final String MODE_PROPERTY = "liop.engine.mode";
    /** Truffle's name for that runtime, e.g. {@code Interpreted}, for operators who set up the JVM. */
    static final String RUNTIME_PROPERTY = "liop.engine.runtime";

    EngineSettings {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an engine needs a name");
        }
        if (cacheSize < 0) {
            throw new IllegalArgumentException("cache.size must not be negative: " + cacheSize);
        }
    }

    static EngineSettings of(EngineConfig config) {
        return new EngineSettings(config.name().strip(), ExecutionMode.parse(config.mode()), config.cache_size(), config.service_ranking());
    }

    @Override
    public GraalWasmEngine newEngine() {
        return new GraalWasmEngine(name, mode, cacheSize);
    }

    /** Whether {@code other} describes the same engine, so that only its service properties change. */
    @Override
    public boolean sameEngineAs(EngineSettings other) {
        return name.equals(other.name) && mode == other.mode && cacheSize == other.cacheSize;
    }

    @Override
    public Dictionary<String, Object> serviceProperties(GraalWasmEngine engine) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(WasmEngine.NAME_PROPERTY, name);
        properties.put(MODE_PROPERTY, engine.info().mode());
        properties.put(RUNTIME_PROPERTY, engine.runtimeName());
        properties.put(Constants.SERVICE_RANKING, serviceRanking);
        return properties;
    }
}
