package replex.targets;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.math3.special.Erf;
import org.apache.commons.rng.UniformRandomProvider;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import replex.core.ConfigurationException;

/**
 * Built-in target {@value #NAME}: posteriordb's {@code hudson_lynx_hare-lotka_volterra}, the
 * Lotka–Volterra predator–prey model fitted to the Hudson's Bay Company's hare and lynx pelts,
 * 1900–1920, in thousands (Carpenter 2018, "Predator-prey population dynamics", Stan case study).
 * Every evaluation of the likelihood solves an ODE: this is Replex's example of an expensive
 * likelihood.
 *
 * <pre>
 *   du/dt = (alpha − beta·v)·u,   dv/dt = (−gamma + delta·u)·v,   (u, v)(0) = z_init
 *   z[n] = (u, v)(ts[n]),  ts = 1 … 20  (u: hares, v: lynxes)
 *   alpha, gamma ~ N(1, 0.5);  beta, delta ~ N(0.05, 0.05),  all restricted to &gt; 0
 *   z_init[k] ~ LogNormal(log 10, 1);  sigma[k] ~ LogNormal(−1, 1),  k = 1, 2
 *   y_init[k] ~ LogNormal(log z_init[k], sigma[k]);  y[n, k] ~ LogNormal(log z[n, k], sigma[k])
 * </pre>
 *
 * <p>Parameters, in this order, with Stan's names: {@code theta[1]} … {@code theta[4]}
 * (= alpha, beta, gamma, delta), {@code z_init[1]}, {@code z_init[2]}, {@code sigma[1]},
 * {@code sigma[2]} (d = 8), on the constrained scale; all must be &gt; 0.
 *
 * <ul>
 *   <li>log p(x) = Σ of the normalised log-densities above; the four normals restricted to
 *       &gt; 0 are renormalised by subtracting log Φ(m/s) (Φ(2) for alpha and gamma, Φ(1) for
 *       beta and delta), so that the prior integrates to 1; −∞ unless every parameter is &gt; 0;
 *   <li>log L(x) = Σ_k [log LogNormal(y_init[k] | log z_init[k], sigma[k])
 *       + Σ_n log LogNormal(y[n, k] | log z[n, k], sigma[k])], normalised (42 terms with the
 *       built-in data; the y_init terms only if the data set has y_init); −∞ outside
 *       the support, and −∞ when the ODE cannot be solved: the computed z[n, k] is not finite and
 *       &gt; 0, or the solver fails (step size below {@value #MIN_STEP}, or more than
 *       {@value #MAX_EVALUATIONS} evaluations of the right-hand side, about 8 000 steps). It never
 *       throws. In practice −∞ happens for about 1% of prior draws, where one population collapses
 *       below the absolute tolerance so that its computed value is solver noise around 0 (the
 *       likelihood there is negligible anyway); never near the posterior.
 * </ul>
 *
 * <p><b>ODE solver.</b> commons-math3's Dormand–Prince 5(4) ({@link org.apache.commons.math3.ode.nonstiff.DormandPrince54Integrator},
 * adaptive step size, at most {@value #MAX_STEP} time units), relative and absolute tolerance 1e-6,
 * integrated once from t = 0 until the step that passes ts[N], with the solution at each ts[n] read
 * from the solver's dense output. The solver is stopped after that step rather than given ts[N] as
 * its end (which would shorten the last step), so its steps, and the solution at each ts[n], do
 * not depend on the observations after ts[n]: the model on the first half of the data gives the
 * same z[n], bit for bit, as on the whole. This is tighter than the
 * reference's solver (Stan's {@code integrate_ode_rk45}, relative tolerance 1e-5, absolute 1e-3)
 * so that the solver's error stays far below the Monte Carlo error of a comparison with
 * posteriordb's reference draws. The tolerances bound the local error of each step; the global
 * error accumulated over 20 time units makes log L differ from SciPy's DOP853 at 1e-10 by about
 * 1e-6 relative near the posterior (about 1e-4 in absolute terms) and by at most 7e-6 relative at
 * the tested points, which changes no acceptance decision noticeably. The integrator holds state,
 * so each call creates its own: the target is shared by the replicas of a node and is safe to
 * call from several threads at once.
 *
 * <p><b>Cost.</b> One evaluation of log L takes about 20–25 µs near the posterior (averaged over
 * posteriordb's 10 000 reference draws, warm JIT, Java 17 on a 2-core AMD EPYC virtual machine:
 * about 60 solver steps, 370 evaluations of the right-hand side), about 35 µs averaged over prior
 * draws, and rarely more than 1 ms. log p takes about 0.03 µs. This is Replex's example of an
 * expensive likelihood: sampling time is almost all spent in the ODE solver.
 *
 * <p><b>Initial state.</b> Not Stan's U(−2, 2) on the unconstrained scale. From such random starts
 * (rates up to e² ≈ 7, populations down to e⁻² ≈ 0.14) the chains spend much of the burn-in
 * finding the posterior, and the proposal covariance learned meanwhile is poor: with 4 chains × 4
 * levels, 2500 rounds of 10 steps and 800 burn-in rounds, R-hat reached 1.1, against &lt; 1.01 with
 * the starts used here. Instead each parameter is drawn near its prior median and the initial
 * populations near the data: alpha, gamma = exp(U(−½, ½)); beta, delta = 0.05·exp(U(−½, ½));
 * z_init[k] = y_init[k]·exp(U(−0.2, 0.2)); sigma[k] = 0.25·exp(U(−½, ½)).
 *
 * <p>Settings: {@code data}, optional: another data set of the same shape, an object
 * {@code { N, ts, y, y_init }} (in a job file also the name of a JSON file, relative to the job
 * file, which {@link #inlineDataFile} reads where the job file is read). The ts are times after
 * t = 0, where the ODE starts from z_init, so a part of the data keeps its absolute times.
 * {@code y_init}, the observation at t = 0, is optional: without it the likelihood has no y_init
 * term (the 2·N observations only), so that of several data sets that split one in time exactly
 * one carries it, and the sum of their log-likelihoods is the whole set's. The default data set
 * is the class path resource {@code replex/targets/hudson_lynx_hare-lotka_volterra/data.json}; the
 * data are read once per instance.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @see <a href="https://github.com/stan-dev/posteriordb">posteriordb</a>
 */
public final class LotkaVolterraTarget extends PosteriorDbTarget {

    /** The name of this target in a job file (posteriordb's posterior name). */
    public static final String NAME = "hudson_lynx_hare-lotka_volterra";

    /** Relative tolerance of the ODE solver. */
    public static final double RELATIVE_TOLERANCE = 1e-6;
    /** Absolute tolerance of the ODE solver (populations are in thousands, about 1 to 100). */
    public static final double ABSOLUTE_TOLERANCE = 1e-6;
    /** The solver gives up (log L = −∞) below this step size. */
    public static final double MIN_STEP = 1e-9;
    /** The solver gives up (log L = −∞) after this many evaluations of the right-hand side. */
    public static final int MAX_EVALUATIONS = 50_000;

    private static final List<String> NAMES = List.of("theta[1]", "theta[2]", "theta[3]", "theta[4]",
            "z_init[1]", "z_init[2]", "sigma[1]", "sigma[2]");
    private static final int DIMENSION = 8;
    static final int ALPHA = 0;
    static final int BETA = 1;
    static final int GAMMA = 2;
    static final int DELTA = 3;
    static final int Z_INIT = 4;
    private static final int SIGMA = 6;

    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
    private static final double RATE_MEAN = 1.0;
    private static final double RATE_SD = 0.5;
    private static final double COUPLING_MEAN = 0.05;
    private static final double COUPLING_SD = 0.05;
    private static final double Z_INIT_LOG_MEAN = Math.log(10.0);
    private static final double SIGMA_LOG_MEAN = -1.0;
    /**
     * 8 normal normalisers, the sds of the four normals (the log-normals have sd 1), and the
     * truncation to &gt; 0 of the four normals: −2·log Φ(1/0.5) − 2·log Φ(0.05/0.05).
     */
    private static final double LOG_PRIOR_CONSTANT = -DIMENSION * HALF_LOG_TWO_PI
            - 2 * Math.log(RATE_SD) - 2 * Math.log(COUPLING_SD)
            - 2 * logStandardNormalCdf(RATE_MEAN / RATE_SD) - 2 * logStandardNormalCdf(COUPLING_MEAN / COUPLING_SD);

    /**
     * The solver's largest step, in time units: the span of the built-in data set, the largest
     * step before data sets could be given. A constant, so that the solver takes the same steps
     * whatever the data (see the class comment).
     */
    public static final double MAX_STEP = 20.0;
    /** Largest data file read, in bytes. */
    public static final long MAX_DATA_BYTES = 16L * 1024 * 1024;

    /** Observation times, strictly increasing, &gt; 0. */
    private final double[] ts;
    /** The observation at t = 0, or {@code null} if the data set has none. */
    private final double[] yInit;
    /** log y_init[k], or {@code null}. */
    private final double[] logYInit;
    /** log y[n, k], indexed [k][n]. */
    private final double[][] logY;
    /** Observations per population: N, plus 1 if y_init is given. */
    private final int observations;
    /** −2·observations·½ log(2π) − Σ log y (every observation, y_init included if given). */
    private final double logLikelihoodConstant;

    /** A target with the built-in data set. */
    public LotkaVolterraTarget() {
        this(ConfigFactory.empty());
    }

    /**
     * @param target the job's {@code target} block: {@code name} and optionally {@code data}, an
     *     object {@code { N, ts, y, y_init }} ({@code y_init} optional) that replaces the built-in
     *     data set
     * @throws ConfigurationException naming {@code job.target.data} if the data are invalid or
     *     given as a file name (files are read where the job file is read, {@link #inlineDataFile}),
     *     or {@code job.target.<key>} for any other setting
     */
    public LotkaVolterraTarget(Config target) {
        // log p is the sum of normalised log-densities, the normals truncated to > 0 renormalised,
        // so the prior integrates to 1
        super(NAME, NAMES, true);
        TargetSettings.allowOnly(target, NAME, LotkaVolterraData.DATA);
        LotkaVolterraData data = target.hasPath(LotkaVolterraData.DATA) ? LotkaVolterraData.fromSetting(target)
                : LotkaVolterraData.builtIn();
        this.ts = data.ts;
        this.yInit = data.yInit;
        int n = ts.length;
        double[][] y = data.y;
        this.logYInit = yInit == null ? null : new double[2];
        this.logY = new double[2][n];
        double sumLog = 0;
        for (int k = 0; k < 2; k++) {
            if (yInit != null) {
                logYInit[k] = Math.log(yInit[k]);
                sumLog += logYInit[k];
            }
            for (int i = 0; i < n; i++) {
                logY[k][i] = Math.log(y[i][k]);
                sumLog += logY[k][i];
            }
        }
        this.observations = n + (yInit == null ? 0 : 1);
        this.logLikelihoodConstant = -2 * observations * HALF_LOG_TWO_PI - sumLog;
    }

    /**
     * For a job file's {@code data = "file.json"}: reads the file and returns the block with the
     * data inline, so that the job carries its data (to a cluster's nodes, into checkpoints) and no
     * node reads a file because a job names it. Blocks of other targets, and a {@code data} that is
     * not a string, are returned unchanged (the target reports a bad one).
     *
     * @param block a target block
     * @param dir the folder a relative file name is resolved against (the job file's)
     * @param key the block's key in messages, e.g. {@code job.target} or {@code job.target.terms[1]}
     * @return the block, with {@code data} an object if it named a file
     * @throws ConfigurationException naming {@code <key>.data} if the file is missing, larger than
     *     {@value #MAX_DATA_BYTES} bytes, or not a JSON object
     */
    public static Config inlineDataFile(Config block, Path dir, String key) {
        return LotkaVolterraData.inlineDataFile(block, dir, key);
    }

    @Override
    public double logPrior(double[] x) {
        if (!inSupport(x)) {
            return Double.NEGATIVE_INFINITY;
        }
        double sum = LOG_PRIOR_CONSTANT;
        double a1 = (x[ALPHA] - RATE_MEAN) / RATE_SD;
        double a2 = (x[GAMMA] - RATE_MEAN) / RATE_SD;
        double b1 = (x[BETA] - COUPLING_MEAN) / COUPLING_SD;
        double b2 = (x[DELTA] - COUPLING_MEAN) / COUPLING_SD;
        sum -= 0.5 * (a1 * a1 + a2 * a2 + b1 * b1 + b2 * b2);
        for (int k = 0; k < 2; k++) {
            double logZ = Math.log(x[Z_INIT + k]);
            double a = logZ - Z_INIT_LOG_MEAN;
            double logSigma = Math.log(x[SIGMA + k]);
            double b = logSigma - SIGMA_LOG_MEAN;
            sum -= logZ + 0.5 * a * a + logSigma + 0.5 * b * b;
        }
        return sum;
    }

    @Override
    public double logLikelihood(double[] x) {
        if (!inSupport(x)) {
            return Double.NEGATIVE_INFINITY;
        }
        return logLikelihood(x, LotkaVolterraSolver.solve(x, ts));
    }

    /**
     * Both densities, with what the ODE solver did as metrics: {@code ode_steps} (accepted steps) and
     * {@code ode_evaluations} (evaluations of the right-hand side), and as metadata {@code ode_status}:
     * {@code ok}, {@code diverged} (the solution left the positive finite quadrant) or {@code failed}
     * (the step size or the evaluation budget ran out). Outside the support the solver does not run
     * and there are neither.
     */
    @Override
    public Evaluation evaluate(double[] x) {
        double logPrior = logPrior(x);
        if (logPrior == Double.NEGATIVE_INFINITY) {
            return Evaluation.of(logPrior, Double.NEGATIVE_INFINITY);
        }
        LotkaVolterraSolver.Solution solution = LotkaVolterraSolver.solve(x, ts);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("ode_steps", (double) solution.steps());
        metrics.put("ode_evaluations", (double) solution.evaluations());
        return new Evaluation(logPrior, logLikelihood(x, solution), metrics, Map.of("ode_status",
                solution.status()));
    }

    private double logLikelihood(double[] x, LotkaVolterraSolver.Solution solution) {
        double[][] logZ = solution.logZ();
        if (logZ == null) {
            return Double.NEGATIVE_INFINITY;
        }
        double sum = logLikelihoodConstant;
        int n = ts.length;
        for (int k = 0; k < 2; k++) {
            double squares = 0;
            if (logYInit != null) {
                double r0 = logYInit[k] - Math.log(x[Z_INIT + k]);
                squares = r0 * r0;
            }
            double[] observed = logY[k];
            double[] fitted = logZ[k];
            for (int i = 0; i < n; i++) {
                double r = observed[i] - fitted[i];
                squares += r * r;
            }
            double sigma = x[SIGMA + k];
            sum -= observations * Math.log(sigma) + 0.5 * squares / (sigma * sigma);
        }
        return Double.isNaN(sum) ? Double.NEGATIVE_INFINITY : sum;
    }

    @Override
    public double[] initialState(UniformRandomProvider rng) {
        double[] x = new double[DIMENSION];
        x[ALPHA] = RATE_MEAN * Math.exp(halfWidth(rng, 0.5));
        x[BETA] = COUPLING_MEAN * Math.exp(halfWidth(rng, 0.5));
        x[GAMMA] = RATE_MEAN * Math.exp(halfWidth(rng, 0.5));
        x[DELTA] = COUPLING_MEAN * Math.exp(halfWidth(rng, 0.5));
        for (int k = 0; k < 2; k++) {
            // without y_init: near the prior median of z_init, 10
            x[Z_INIT + k] = (yInit != null ? yInit[k] : Math.exp(Z_INIT_LOG_MEAN)) * Math.exp(halfWidth(rng, 0.2));
        }
        for (int k = 0; k < 2; k++) {
            x[SIGMA + k] = 0.25 * Math.exp(halfWidth(rng, 0.5));
        }
        return x;
    }

    /** @return a draw from U(−w, w) */
    private static double halfWidth(UniformRandomProvider rng, double w) {
        return w * (2.0 * rng.nextDouble() - 1.0);
    }

    /** @return log Φ(z), accurate for the moderate z used here */
    private static double logStandardNormalCdf(double z) {
        return Math.log(0.5 * Erf.erfc(-z / Math.sqrt(2.0)));
    }

    private static boolean inSupport(double[] x) {
        for (int i = 0; i < DIMENSION; i++) {
            if (!(x[i] > 0 && x[i] < Double.POSITIVE_INFINITY)) {
                return false;
            }
        }
        return true;
    }
}
