package liop.api.node;

import java.util.Objects;

/**
 * Who is asking, as verified by the transport that brought the request in. Budgets and policy are
 * bound to this identity, never to a connection.
 *
 * @param scheme how the identity was established: {@code peer} (a libp2p PeerId the transport
 *     verified), {@code did} (a {@code did:key}) or {@code local} (the operator on this machine)
 * @param id the identity in that scheme, e.g. {@code 12D3KooW...} or {@code did:key:z6Mk...}
 */
public record AgentIdentity(String scheme, String id) {

    public static final String PEER = "peer";
    public static final String DID = "did";
    public static final String LOCAL = "local";

    public AgentIdentity {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("identity must not be blank");
        }
    }

    /** The operator at this machine's console, named after the OS user. */
    public static AgentIdentity localOperator() {
        return new AgentIdentity(LOCAL, System.getProperty("user.name", "operator"));
    }

    public boolean isLocal() {
        return LOCAL.equals(scheme);
    }

    @Override
    public String toString() {
        return scheme + ":" + id;
    }
}
