package replex.core.proposal;

import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * The random-walk proposal of one level and its adaptation during burn-in. Pooled over whichever
 * replicas visit the level; updated between rounds only, in round order, so that it is
 * deterministic. Frozen after burn-in: kept draws come from a fixed Metropolis–Hastings kernel.
 *
 * <p>Scale: after each burn-in round, log s ← log s + γ_n·(a − 0.234), a the round's acceptance
 * rate at this level and γ_n = (n + 1)^{−1/2} a decreasing Robbins–Monro gain (Andrieu &amp; Thoms
 * 2008, "A tutorial on adaptive MCMC", Statistics and Computing 18, doi:10.1007/s11222-008-9110-y,
 * Algorithm 4; 0.234 from Roberts, Gelman &amp; Gilks 1997, doi:10.1214/aoap/1034625254).
 *
 * <p>Covariance ({@link AdaptationMode#COVARIANCE}): the states seen at this level are pooled in
 * windows that end at rounds 16, 32, 64, … and at 3/4 of burn-in; at the end of each window the
 * proposal factor becomes the Cholesky factor of the window's sample covariance (adaptive Metropolis,
 * Haario, Saksman &amp; Tamminen 2001, Bernoulli 7(2), doi:10.2307/3318737). Doubling windows drop
 * the transient of the first rounds. The first time, the scale is reset to 2.38/√d (Gelman, Roberts
 * &amp; Gilks 1996); later, the tuned scale is kept. Mutable, not thread-safe.
 */
public final class ProposalAdaptation {

    /** Acceptance rate the scale is tuned towards. */
    public static final double TARGET_ACCEPTANCE = 0.234;
    /** Length in rounds of the first covariance window. */
    static final int FIRST_WINDOW = 16;

    private final AdaptationMode mode;
    private final int dimension;
    private final int burnInRounds;
    private final int lastCovarianceUpdate;
    private double logScale;
    private long scaleUpdates;
    private double[] factor;
    private Moments window;
    private Proposal current;

    /**
     * @param mode what to adapt
     * @param dimension d
     * @param initialScale the starting scale s &gt; 0
     * @param burnInRounds rounds of burn-in, during which adaptation happens
     */
    public ProposalAdaptation(AdaptationMode mode, int dimension, double initialScale, int burnInRounds) {
        this.mode = mode;
        this.dimension = dimension;
        this.burnInRounds = burnInRounds;
        this.lastCovarianceUpdate = Math.max(1, (3 * burnInRounds) / 4);
        this.logScale = Math.log(initialScale);
        this.window = new Moments(dimension);
        this.current = new Proposal(initialScale, null, dimension);
    }

    /** @return the proposal to use now */
    public Proposal current() {
        return current;
    }

    /** @return true if the proposal needs the states visited at this level in {@code round} */
    public boolean wantsMoments(long round) {
        return mode == AdaptationMode.COVARIANCE && round < lastCovarianceUpdate;
    }

    /**
     * Learns from one round at this level. Does nothing after burn-in.
     *
     * @param round the round that has just finished
     * @param accepted accepted moves in that round at this level
     * @param proposed proposed moves in that round at this level
     * @param moments the states visited at this level in that round, or {@code null}
     */
    public void update(long round, long accepted, long proposed, Moments moments) {
        if (round >= burnInRounds || mode == AdaptationMode.NONE) {
            return;
        }
        boolean changed = false;
        if (proposed > 0) {
            double rate = (double) accepted / proposed;
            double gain = 1.0 / Math.sqrt(scaleUpdates + 1.0);
            scaleUpdates++;
            // Bound the scale so that a level that never accepts cannot underflow to zero.
            logScale = Math.max(-700.0, Math.min(700.0, logScale + gain * (rate - TARGET_ACCEPTANCE)));
            changed = true;
        }
        if (mode == AdaptationMode.COVARIANCE && moments != null) {
            window.merge(moments);
            long done = round + 1;
            boolean windowEnds = done == lastCovarianceUpdate
                    || (done < lastCovarianceUpdate && done >= FIRST_WINDOW && Long.bitCount(done / FIRST_WINDOW) == 1
                            && done % FIRST_WINDOW == 0);
            if (windowEnds) {
                double[] newFactor = choleskyOrNull(window);
                if (newFactor != null) {
                    if (factor == null) {
                        logScale = Math.log(2.38 / Math.sqrt(dimension));
                    }
                    factor = newFactor;
                    changed = true;
                }
                window.clear();
            }
        }
        if (changed) {
            current = new Proposal(Math.exp(logScale), factor, dimension);
        }
    }

    /**
     * The adaptation's complete state, for checkpoints.
     *
     * @param logScale log of the tuned scale
     * @param scaleUpdates scale updates so far (the Robbins–Monro step count)
     * @param factor the covariance factor in force, row-major d×d, or {@code null}
     * @param windowCount states pooled in the current covariance window
     * @param windowMean their mean, length d
     * @param windowM2 their centred sums of products, row-major d×d
     * @param currentScale the scale of the proposal in force (not always exp(logScale) to the bit)
     */
    public record State(double logScale, long scaleUpdates, double[] factor, long windowCount, double[] windowMean,
            double[] windowM2, double currentScale) {
    }

    /** @return a copy of the state */
    public State state() {
        return new State(logScale, scaleUpdates, factor == null ? null : factor.clone(), window.count(),
                window.mean(), window.m2(), current.scale());
    }

    /**
     * Continues from a saved state.
     *
     * @param state from {@link #state()} of an adaptation with the same mode, dimension and burn-in
     * @throws IllegalArgumentException if the state's shapes do not fit d
     */
    public void restore(State state) {
        if (state.windowMean().length != dimension || state.windowM2().length != dimension * dimension
                || (state.factor() != null && state.factor().length != dimension * dimension)) {
            throw new IllegalArgumentException("proposal adaptation state does not fit dimension " + dimension);
        }
        logScale = state.logScale();
        scaleUpdates = state.scaleUpdates();
        factor = state.factor() == null ? null : state.factor().clone();
        window = Moments.of(state.windowCount(), state.windowMean(), state.windowM2());
        current = new Proposal(state.currentScale(), factor, dimension);
    }

    /** Cholesky factor of the window's covariance, lightly regularised; null if degenerate. */
    private double[] choleskyOrNull(Moments m) {
        if (m.count() < 2L * dimension + 2) {
            return null;
        }
        double[] cov = m.covariance();
        double trace = 0.0;
        for (int i = 0; i < dimension; i++) {
            trace += cov[i * dimension + i];
        }
        if (!(trace > 0.0) || Double.isInfinite(trace)) {
            return null;
        }
        double jitter = 1e-10 * trace / dimension;
        RealMatrix matrix = MatrixUtils.createRealMatrix(dimension, dimension);
        for (int i = 0; i < dimension; i++) {
            for (int j = 0; j < dimension; j++) {
                matrix.setEntry(i, j, cov[i * dimension + j] + (i == j ? jitter : 0.0));
            }
        }
        try {
            RealMatrix l = new CholeskyDecomposition(matrix, 1e-12, 1e-15).getL();
            double[] f = new double[dimension * dimension];
            for (int i = 0; i < dimension; i++) {
                for (int j = 0; j <= i; j++) {
                    f[i * dimension + j] = l.getEntry(i, j);
                }
            }
            return f;
        } catch (NonPositiveDefiniteMatrixException | org.apache.commons.math3.linear.NonSymmetricMatrixException e) {
            return null;
        }
    }
}
