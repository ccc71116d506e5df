package replex.core.replica;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.commons.rng.RestorableUniformRandomProvider;
import org.apache.commons.rng.core.RandomProviderDefaultState;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

import replex.core.ConfigurationException;
import replex.core.Target;
import replex.core.proposal.Moments;
import replex.core.proposal.Proposal;
import replex.core.rng.RandomStreams;

/**
 * One replica: a state x with its cached log-prior and log-likelihood, and its own random stream.
 * It runs Metropolis–Hastings steps on the tempered density π_β(x) ∝ p(x)·L(x)^β at whatever level
 * the chain assigns; swaps change its level, never its state.
 *
 * <p>A target evaluation that throws or returns NaN (or +∞) counts as a target error and as −∞:
 * the move is rejected. A log-likelihood of −∞ is outside the support at every β (also β = 0).
 *
 * <p>Not thread-safe: one replica is driven by one thread at a time (a sequential engine or its actor).
 */
public final class Replica {

    private final Target target;
    private final int chain;
    private final int index;
    private final int dimension;
    private final RestorableUniformRandomProvider rng;
    private final NormalizedGaussianSampler gaussian;
    private double[] x;
    private double logPrior;
    private double logLikelihood;
    private final double[] z;
    private double[] y;
    /** Target errors counted by {@link #evaluate} since the start of the current round. */
    private long errors;
    /** The metrics each kept draw records ({@code output.draws-metrics}), in column order; empty for none. */
    private String[] drawMetrics = new String[0];
    /** The metadata each kept draw records ({@code output.draws-metadata}), in column order; empty for none. */
    private String[] drawMetadata = new String[0];
    /** The {@link #drawMetrics} of the current state x, or {@code null} if not evaluated since x changed. */
    private double[] stateMetrics;
    /** The {@link #drawMetadata} of x, evaluated with {@link #stateMetrics}; entries null where missing. */
    private String[] stateMetadata;

    /**
     * Creates the replica with its stream derived from (seed, chain, index) and its initial state
     * from {@link Target#initialState(org.apache.commons.rng.UniformRandomProvider, int, int)} with
     * that stream.
     *
     * @param target the target (shared, thread-safe)
     * @param seed the job's seed
     * @param chain the chain index
     * @param index the replica index within the chain
     * @throws ConfigurationException naming {@code job.target} if the initial state has the wrong
     *     length, a non-finite value, or a log-prior or log-likelihood that is not finite
     */
    public Replica(Target target, long seed, int chain, int index) {
        this.target = target;
        this.chain = chain;
        this.index = index;
        this.dimension = target.dimension();
        this.rng = RandomStreams.replicaStream(seed, chain, index);
        this.gaussian = ZigguratSampler.NormalizedGaussian.of(rng);
        this.z = new double[dimension];
        this.y = new double[dimension];
        double[] init;
        try {
            init = target.initialState(rng, chain, index);
        } catch (ConfigurationException e) {
            throw e; // job.init: already names the key, row and parameters
        } catch (RuntimeException e) {
            throw new ConfigurationException("job.target", "initialState of " + targetName()
                    + " threw " + e, e);
        }
        setState(init);
    }

    private Replica(Target target, int chain, int index, RestorableUniformRandomProvider rng, double[] state) {
        this.target = target;
        this.chain = chain;
        this.index = index;
        this.dimension = target.dimension();
        this.rng = rng;
        this.gaussian = ZigguratSampler.NormalizedGaussian.of(rng);
        this.z = new double[dimension];
        this.y = new double[dimension];
        setState(state);
    }

    /**
     * Restores a replica from a snapshot (see {@link #snapshot()}).
     *
     * @param target the target
     * @param seed the job's seed
     * @param snapshot a snapshot taken from a replica of the same job
     * @return the replica, in exactly the snapshot's state
     */
    public static Replica restore(Target target, long seed, ReplicaSnapshot snapshot) {
        RestorableUniformRandomProvider rng = RandomStreams.replicaStream(seed, snapshot.chain(), snapshot.replica());
        rng.restoreState(new RandomProviderDefaultState(snapshot.randomState()));
        return new Replica(target, snapshot.chain(), snapshot.replica(), rng, snapshot.state());
    }

    /** @return the replica's complete state: parameters and random-stream state */
    public ReplicaSnapshot snapshot() {
        byte[] state = ((RandomProviderDefaultState) rng.saveState()).getState();
        return new ReplicaSnapshot(chain, index, x.clone(), state);
    }

    private void setState(double[] init) {
        String who = targetName() + " (chain " + chain + ", replica " + index + ")";
        if (init == null || init.length != dimension) {
            throw new ConfigurationException("job.target", "initialState of " + who + " returned "
                    + (init == null ? "null" : "an array of length " + init.length)
                    + ", but dimension() is " + dimension);
        }
        for (int i = 0; i < dimension; i++) {
            if (!Double.isFinite(init[i])) {
                throw new ConfigurationException("job.target", "initialState of " + who
                        + " has a non-finite value " + init[i] + " at index " + i);
            }
        }
        x = init.clone();
        stateMetrics = null;
        logPrior = evaluate(true, x);
        logLikelihood = logPrior == Double.NEGATIVE_INFINITY ? Double.NEGATIVE_INFINITY : evaluate(false, x);
        if (!Double.isFinite(logPrior) || !Double.isFinite(logLikelihood)) {
            throw new ConfigurationException("job.target", "initialState of " + who
                    + " is outside the support: logPrior = " + logPrior + ", logLikelihood = " + logLikelihood
                    + " (both must be finite)");
        }
    }

    private String targetName() {
        return target.getClass().getName();
    }

    private double evaluate(boolean prior, double[] point) {
        double v;
        try {
            v = prior ? target.logPrior(point) : target.logLikelihood(point);
        } catch (RuntimeException | StackOverflowError e) {
            errors++;
            return Double.NEGATIVE_INFINITY;
        }
        if (Double.isNaN(v) || v == Double.POSITIVE_INFINITY) {
            errors++;
            return Double.NEGATIVE_INFINITY;
        }
        return v;
    }

    /**
     * Runs one round of Metropolis–Hastings steps.
     *
     * @param instruction the level, β, proposal and number of steps
     * @return the report: end-of-round ℓ and log-prior, counts, kept draws and moments if asked
     */
    public RoundReport runRound(RoundInstruction instruction) {
        final double beta = instruction.beta();
        final Proposal proposal = instruction.proposal();
        final int steps = instruction.steps();
        final int thin = instruction.thin();
        errors = 0;
        long accepted = 0;
        Moments moments = instruction.collectMoments() ? new Moments(dimension) : null;
        int kept = 0;
        double[] draws;
        final int width = dimension + 2 + drawMetrics.length;
        if (instruction.keepsDraws()) {
            long first = instruction.firstDrawStep();
            kept = (int) ((first + steps) / thin - first / thin);
            draws = new double[kept * width];
        } else {
            draws = new double[0];
        }
        String[] metadata = drawMetadata.length == 0 || kept == 0 ? new String[0]
                : new String[kept * drawMetadata.length];
        int row = 0;
        int metadataRow = 0;
        double current = tempered(beta, logPrior, logLikelihood);
        for (int s = 0; s < steps; s++) {
            proposal.propose(x, z, y, gaussian);
            double lp = evaluate(true, y);
            double u = rng.nextDouble();
            if (lp != Double.NEGATIVE_INFINITY) {
                double ll = evaluate(false, y);
                if (ll != Double.NEGATIVE_INFINITY) {
                    double candidate = tempered(beta, lp, ll);
                    if (Math.log(u) < candidate - current) {
                        double[] t = x;
                        x = y;
                        y = t;
                        logPrior = lp;
                        logLikelihood = ll;
                        stateMetrics = null;
                        current = candidate;
                        accepted++;
                    }
                }
            }
            if (moments != null) {
                moments.add(x);
            }
            if (kept > 0 && (instruction.firstDrawStep() + s + 1) % thin == 0) {
                System.arraycopy(x, 0, draws, row, dimension);
                draws[row + dimension] = logLikelihood;
                draws[row + dimension + 1] = logPrior;
                if (drawMetrics.length > 0) {
                    System.arraycopy(stateMetrics(), 0, draws, row + dimension + 2, drawMetrics.length);
                }
                if (drawMetadata.length > 0) {
                    stateMetrics();
                    System.arraycopy(stateMetadata, 0, metadata, metadataRow, drawMetadata.length);
                    metadataRow += drawMetadata.length;
                }
                row += width;
            }
        }
        return new RoundReport(instruction.round(), index, logLikelihood, logPrior, accepted, steps, errors,
                draws, moments, instruction.snapshot() ? snapshot() : null, metadata);
    }

    /**
     * Makes every draw this replica keeps record these metrics of its state after the log-prior
     * ({@code output.draws-metrics}). The state's metrics come from {@link Target#evaluate} of the kept
     * state, once per state: a draw that repeats the one before (no move accepted in between) reuses
     * its metrics. A metric that the evaluation lacks, or an evaluation that throws, gives NaN (these
     * evaluations are not counted as target errors and never change a decision of the sampler).
     * Nothing is saved in a {@link #snapshot()}: a restored replica evaluates its state again, which
     * gives the same metrics for a target whose {@code evaluate} depends only on x.
     *
     * @param names the metric names, in column order (empty for none)
     * @return this replica
     */
    public Replica recordDrawMetrics(List<String> names) {
        this.drawMetrics = names.toArray(new String[0]);
        this.stateMetrics = null;
        return this;
    }

    /**
     * Makes every draw this replica keeps record these metadata of its state after its metrics
     * ({@code output.draws-metadata}): strings from the same {@link Target#evaluate} of the kept state
     * that gives its metrics ({@link #recordDrawMetrics}), one evaluation per state for both. An entry
     * that the evaluation lacks, or an evaluation that throws, gives {@code null} (an empty cell).
     * Nothing is saved in a {@link #snapshot()}, as for the metrics.
     *
     * @param names the metadata names, in column order (empty for none)
     * @return this replica
     */
    public Replica recordDrawMetadata(List<String> names) {
        this.drawMetadata = names.toArray(new String[0]);
        this.stateMetrics = null;
        return this;
    }

    /**
     * @return the {@link #drawMetrics} of x, evaluated once per state; the same evaluation fills
     *     {@link #stateMetadata}
     */
    private double[] stateMetrics() {
        if (stateMetrics == null) {
            double[] values = new double[drawMetrics.length];
            String[] strings = new String[drawMetadata.length];
            Arrays.fill(values, Double.NaN);
            try {
                Target.Evaluation evaluation = target.evaluate(x);
                Map<String, Double> metrics = evaluation.metrics();
                for (int i = 0; i < values.length; i++) {
                    Double v = metrics.get(drawMetrics[i]);
                    if (v != null) {
                        values[i] = v;
                    }
                }
                Map<String, String> metadata = strings.length == 0 ? Map.of() : evaluation.metadata();
                for (int i = 0; i < strings.length; i++) {
                    strings[i] = metadata.get(drawMetadata[i]);
                }
            } catch (RuntimeException | StackOverflowError e) {
                // the row keeps NaN and null: empty cells in draws.csv
            }
            stateMetrics = values;
            stateMetadata = strings;
        }
        return stateMetrics;
    }

    private static double tempered(double beta, double logPrior, double logLikelihood) {
        return beta == 0.0 ? logPrior : logPrior + beta * logLikelihood;
    }

    /** @return the dimension d of the replica's state */
    public int dimension() {
        return dimension;
    }

    /** @return the replica index within its chain */
    public int index() {
        return index;
    }

    /** @return the chain index */
    public int chain() {
        return chain;
    }

    /** @return ℓ of the current state */
    public double logLikelihood() {
        return logLikelihood;
    }

    /** @return the log-prior of the current state */
    public double logPrior() {
        return logPrior;
    }

    /** @return a copy of the current state, length d */
    public double[] state() {
        return x.clone();
    }
}
