/**
 * The Data Node contract: what transports and bridges call to run an agent's logic. They never
 * touch engines; the node runs the whole pipeline (guardian, executor, policy) behind
 * {@link liop.api.node.DataNode}.
 */
@Export
@Version("1.1.0")
package liop.api.node;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
