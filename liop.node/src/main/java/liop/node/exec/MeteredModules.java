package liop.node.exec;

import java.util.LinkedHashMap;
import java.util.Map;
import liop.node.metering.FuelMeter;
import liop.node.metering.MeteringException;

/**
 * Metered modules by (module SHA-256, fuel limit), so that the rewrite runs once per module and
 * tier rather than once per request. Bounded by total bytes, least recently used first out.
 */
public final class MeteredModules {

    /** A module as engines receive it: metered, with its own hash for their compile caches. */
    public record Metered(byte[] bytes, String sha256) {}

    private final long maxBytes;
    private final LinkedHashMap<String, Metered> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    public MeteredModules(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    public Metered meter(byte[] module, String sha256, long fuelLimit) throws MeteringException {
        String key = sha256 + "/" + fuelLimit;
        synchronized (this) {
            Metered cached = entries.get(key);
            if (cached != null) {
                return cached;
            }
        }
        byte[] metered = FuelMeter.meter(module, fuelLimit);
        Metered result = new Metered(metered, Sha256.hex(metered));
        synchronized (this) {
            if (metered.length <= maxBytes && entries.putIfAbsent(key, result) == null) {
                bytes += metered.length;
                var eldest = entries.entrySet().iterator();
                while (bytes > maxBytes && eldest.hasNext()) {
                    Map.Entry<String, Metered> e = eldest.next();
                    bytes -= e.getValue().bytes().length;
                    eldest.remove();
                }
            }
        }
        return result;
    }
}
