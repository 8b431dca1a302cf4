package liop.api.engine;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A host directory made visible to the guest, always read-only and confined: the guest can neither
 * write, create, rename or delete anything under it nor reach outside it, through {@code ..} or
 * through symbolic links.
 *
 * @param guestPath the absolute path the guest sees, e.g. {@code /logs}
 * @param hostPath the host directory behind it
 */
public record Preopen(String guestPath, Path hostPath) {
    public Preopen {
        Objects.requireNonNull(guestPath, "guestPath");
        Objects.requireNonNull(hostPath, "hostPath");
        if (!guestPath.startsWith("/")) {
            throw new IllegalArgumentException("guest path must be absolute: " + guestPath);
        }
    }
}
