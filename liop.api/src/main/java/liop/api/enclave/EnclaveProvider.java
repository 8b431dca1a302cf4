package liop.api.enclave;

import org.osgi.annotation.versioning.ConsumerType;

/** Runs module executions inside a hardware enclave and proves where they ran. */
@ConsumerType
public interface EnclaveProvider {

    /** Service property naming the provider, e.g. {@code nitro}. */
    String NAME_PROPERTY = "liop.enclave.name";

    String name();

    /** Whether the enclave hardware is present and the enclave is up. */
    boolean available();

    /**
     * Produces an attestation document binding {@code userData} (e.g. the hash of an execution's
     * input and output) and the caller's {@code nonce} to the enclave's measurements.
     */
    Attestation attest(byte[] nonce, byte[] userData) throws EnclaveException;
}
