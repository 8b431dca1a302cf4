package liop.engine.chicory;

import java.util.Dictionary;
import java.util.Hashtable;
import liop.api.engine.WasmEngine;
import org.osgi.framework.Constants;

/**
 * One engine's settings, whichever configuration they came from.
 *
 * @param name the engine's name
 * @param mode how it executes guests
 * @param cacheSize compiled modules kept
 * @param serviceRanking the ranking of its service
 */
record EngineSettings(String name, ExecutionMode mode, int cacheSize, int serviceRanking) {

    static final String MODE_PROPERTY = "liop.engine.mode";

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

    ChicoryEngine newEngine() {
        return new ChicoryEngine(name, mode, cacheSize);
    }

    /** Whether {@code other} describes the same engine, so that only its service properties change. */
    boolean sameEngineAs(EngineSettings other) {
        return name.equals(other.name) && mode == other.mode && cacheSize == other.cacheSize;
    }

    Dictionary<String, Object> serviceProperties() {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(WasmEngine.NAME_PROPERTY, name);
        properties.put(MODE_PROPERTY, mode.configValue());
        properties.put(Constants.SERVICE_RANKING, serviceRanking);
        return properties;
    }
}
