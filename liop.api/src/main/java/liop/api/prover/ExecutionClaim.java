package liop.api.prover;

import java.util.Objects;

/**
 * What a receipt attests: this module, given this input, produced this output.
 *
 * @param moduleSha256 lowercase hex SHA-256 of the module
 * @param inputSha256 lowercase hex SHA-256 of the stdin the module read
 * @param output the output that left the node
 */
public record ExecutionClaim(String moduleSha256, String inputSha256, byte[] output) {
    public ExecutionClaim {
        Objects.requireNonNull(moduleSha256, "moduleSha256");
        Objects.requireNonNull(inputSha256, "inputSha256");
        Objects.requireNonNull(output, "output");
    }
}
