package replex.core.rng;

import org.apache.commons.rng.RestorableUniformRandomProvider;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.core.source64.SplitMix64;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Derivation of every random stream of a job from its seed, so that results depend only on
 * (seed, chain, replica index, round) and never on scheduling.
 *
 * <p>Each stream is an L64X128Mix generator (Steele &amp; Vigna 2021, "LXM: better splittable
 * pseudorandom number generators (and almost as fast)", OOPSLA, doi:10.1145/3485525) whose
 * 256-bit seed is expanded by SplitMix64 from a hash of the stream's coordinates. Distinct
 * coordinates give statistically independent streams; the same coordinates always give the same
 * stream. Thread-safe (stateless).
 */
public final class RandomStreams {

    /** Stream kinds, mixed into the seed so that a replica stream never equals a swap stream. */
    private static final long REPLICA_KIND = 0x7265706c69636121L;
    private static final long SWAP_KIND = 0x73776170733a7274L;
    private static final long DESIGN_KIND = 0x64657369676e3a31L;

    private RandomStreams() {
    }

    /**
     * The random stream owned by one replica for the whole run (steps and its initial state).
     *
     * @param seed the job's seed
     * @param chain chain index, 0 … C−1
     * @param replica replica index within the chain, 0 … K−1
     * @return a new generator whose state can be saved and restored
     */
    public static RestorableUniformRandomProvider replicaStream(long seed, int chain, int replica) {
        return create(seed, REPLICA_KIND, chain, replica);
    }

    /**
     * The stream from which the swap decisions of one chain in one round are drawn.
     *
     * @param seed the job's seed
     * @param chain chain index, 0 … C−1
     * @param round round index, 0 … rounds−1
     * @return a new generator
     */
    public static UniformRandomProvider swapStream(long seed, int chain, long round) {
        return create(seed, SWAP_KIND, chain, round);
    }

    /**
     * The stream from which a random design (a Latin hypercube) of an evaluate job, or of a sampling
     * job's initial design, is drawn.
     *
     * @param seed the job's seed
     * @return a new generator
     */
    public static UniformRandomProvider designStream(long seed) {
        return create(seed, DESIGN_KIND, 0, 0);
    }

    private static RestorableUniformRandomProvider create(long seed, long kind, long a, long b) {
        // Chain the coordinates through SplitMix64 so that every bit of each one reaches the seed.
        long h = new SplitMix64(seed ^ kind).nextLong();
        h = new SplitMix64(h ^ a).nextLong();
        h = new SplitMix64(h ^ b).nextLong();
        SplitMix64 expand = new SplitMix64(h);
        long[] seedMaterial = new long[4];
        for (int i = 0; i < seedMaterial.length; i++) {
            seedMaterial[i] = expand.nextLong();
        }
        return RandomSource.L64_X128_MIX.create(seedMaterial);
    }
}
