package liop.api.prover;

import org.osgi.annotation.versioning.ConsumerType;

/** Produces receipts for executions. */
@ConsumerType
public interface Prover {

    /** Service property naming the proof system, e.g. {@code risc0}. */
    String NAME_PROPERTY = "liop.prover.name";

    String name();

    /** Proves that {@code claim} holds, returning a receipt anyone can verify. */
    Receipt prove(ExecutionClaim claim) throws ProofException;
}
