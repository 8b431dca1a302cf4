package liop.api.enclave;

import java.util.Objects;

/**
 * A signed statement by enclave hardware.
 *
 * @param format the document format, e.g. {@code aws-nitro-cose-sign1}
 * @param document the document's bytes as the hardware produced them
 */
public record Attestation(String format, byte[] document) {
    public Attestation {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(document, "document");
    }
}
