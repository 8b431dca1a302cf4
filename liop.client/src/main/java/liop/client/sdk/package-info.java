/**
 * The Java SDK for agents: {@link liop.client.sdk.LiopClient} runs modules on remote nodes over
 * libp2p. Usable on a plain class path (the liop.client jar with liop.libp2p and gRPC) and inside
 * this bundle, which embeds them; the bundle exports nothing.
 */
package liop.client.sdk;
