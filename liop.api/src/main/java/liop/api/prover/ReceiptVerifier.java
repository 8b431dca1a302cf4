package liop.api.prover;

import org.osgi.annotation.versioning.ConsumerType;

/** Checks receipts. Verifiers hold no secrets; agents run them too. */
@ConsumerType
public interface ReceiptVerifier {

    String name();

    /**
     * Verifies the receipt's seal against its journal and the expected program.
     *
     * @throws ProofException naming the check that failed
     */
    void verify(Receipt receipt, byte[] expectedImageId) throws ProofException;
}
