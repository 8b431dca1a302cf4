package liop.api.prover;

import java.util.Objects;

/**
 * A proof of an execution.
 *
 * @param system the proof system, e.g. {@code risc0}
 * @param imageId the identifier of the proven program
 * @param journal the public outputs the proof commits to
 * @param seal the proof itself
 */
public record Receipt(String system, byte[] imageId, byte[] journal, byte[] seal) {
    public Receipt {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(seal, "seal");
    }
}
