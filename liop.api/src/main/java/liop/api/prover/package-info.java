/**
 * The receipt contract: turning an execution into a verifiable receipt (journal and seal) and
 * checking one. Version 0.x: the contract settles with the RISC Zero prover.
 */
@Export
@Version("0.1.0")
package liop.api.prover;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
