package liop.node.exec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Modules the node has seen, by SHA-256, so an agent can send the hash instead of the bytes
 * (content addressing). Bounded by total bytes; the least recently used modules go first.
 */
public final class ModuleStore {

    private final long maxBytes;
    private final LinkedHashMap<String, byte[]> modules = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    public ModuleStore(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    public synchronized Optional<byte[]> get(String sha256) {
        return Optional.ofNullable(modules.get(sha256));
    }

    public synchronized void put(String sha256, byte[] module) {
        if (module.length > maxBytes || modules.containsKey(sha256)) {
            return;
        }
        modules.put(sha256, module);
        bytes += module.length;
        var eldest = modules.entrySet().iterator();
        while (bytes > maxBytes && eldest.hasNext()) {
            Map.Entry<String, byte[]> e = eldest.next();
            bytes -= e.getValue().length;
            eldest.remove();
        }
    }

    public synchronized int size() {
        return modules.size();
    }
}
