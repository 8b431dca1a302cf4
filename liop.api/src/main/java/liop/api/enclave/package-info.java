/**
 * The enclave contract: running an execution inside a hardware enclave and attesting it. Version
 * 0.x: the contract settles with the Nitro provider.
 */
@Export
@Version("0.1.0")
package liop.api.enclave;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
