package liop.client.ready;

import liop.api.node.DataNode;

/**
 * A {@link DataNode} held for as long as a command uses it. Holding matters: the node is a delayed
 * component, which SCR deactivates as soon as nobody holds its service, dropping what it bound.
 */
public interface NodeLease extends AutoCloseable {

    DataNode node();

    /** Releases the service. */
    @Override
    void close();
}
