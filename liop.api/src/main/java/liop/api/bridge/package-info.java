/**
 * The bridge contract: exposing the node through another protocol (the Model Context Protocol) for
 * clients that do not speak LIOP. Version 0.x: the contract settles with the MCP bridge.
 */
@Export
@Version("0.1.0")
package liop.api.bridge;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
