package replex.core.replica;

/**
 * Everything needed to continue a replica exactly: its coordinates, state and random-stream state.
 *
 * @param chain the chain index
 * @param replica the replica index within the chain
 * @param state the parameters, length d
 * @param randomState the saved state of the replica's generator (opaque bytes)
 */
public record ReplicaSnapshot(int chain, int replica, double[] state, byte[] randomState) {
}
