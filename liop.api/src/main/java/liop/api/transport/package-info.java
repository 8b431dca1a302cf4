/**
 * The transport contract. A transport brings agents in (libp2p, plain gRPC, ...), verifies who they
 * are and hands each request, with that identity, to {@link liop.api.node.DataNode}. Version 0.x:
 * the contract settles with the libp2p transport.
 */
@Export
@Version("0.1.0")
package liop.api.transport;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
