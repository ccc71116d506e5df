package replex.targets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.apache.commons.math3.exception.MathArithmeticException;
import org.apache.commons.math3.exception.MathIllegalArgumentException;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.ode.FirstOrderDifferentialEquations;
import org.apache.commons.math3.ode.nonstiff.DormandPrince54Integrator;
import org.apache.commons.math3.ode.sampling.StepHandler;
import org.apache.commons.math3.ode.sampling.StepInterpolator;
import org.apache.commons.math3.special.Erf;
import org.apache.commons.rng.UniformRandomProvider;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;

import replex.core.ConfigurationException;
import replex.core.Target;

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
 * <p><b>ODE solver.</b> commons-math3's Dormand–Prince 5(4) ({@link DormandPrince54Integrator},
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
public final class LotkaVolterraTarget implements Target {

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
    private static final int ALPHA = 0;
    private static final int BETA = 1;
    private static final int GAMMA = 2;
    private static final int DELTA = 3;
    private static final int Z_INIT = 4;
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

    private static final String DATA = "data";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP_TYPE = new TypeReference<>() {
    };

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
        TargetSettings.allowOnly(target, NAME, DATA);
        Data data = target.hasPath(DATA) ? Data.fromSetting(target) : Data.builtIn();
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
        ConfigValue name = block.root().get("name");
        ConfigValue data = block.root().get(DATA);
        if (name == null || !NAME.equals(name.unwrapped()) || data == null
                || data.valueType() != ConfigValueType.STRING) {
            return block;
        }
        String dataKey = key + "." + DATA;
        Path file = dir.resolve((String) data.unwrapped()).normalize();
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException(dataKey, "file " + file + " not found (a relative path is relative to "
                    + "the job file's folder)");
        }
        try {
            long size = Files.size(file);
            if (size > MAX_DATA_BYTES) {
                throw new ConfigurationException(dataKey, "file " + file + " has " + size + " bytes; at most "
                        + MAX_DATA_BYTES + " are read");
            }
            JsonNode root = MAPPER.readTree(file.toFile());
            if (root == null || !root.isObject()) {
                throw new ConfigurationException(dataKey, "file " + file + " must hold a JSON object "
                        + "{\"N\": ..., \"ts\": [...], \"y\": [[...], ...], \"y_init\": [...]}");
            }
            return block.withValue(DATA, ConfigValueFactory.fromMap(MAPPER.convertValue(root, MAP_TYPE),
                    "data file " + file));
        } catch (IOException e) {
            throw new ConfigurationException(dataKey, "cannot read file " + file + " as JSON: " + e.getMessage(), e);
        }
    }

    /** A data set: observation times, the observation at t = 0 (or null) and the N × 2 observations. */
    private static final class Data {
        final double[] ts;
        final double[] yInit;
        final double[][] y;

        private Data(double[] ts, double[] yInit, double[][] y) {
            this.ts = ts;
            this.yInit = yInit;
            this.y = y;
        }

        static Data builtIn() {
            String resource = "replex/targets/" + NAME + "/data.json";
            JsonNode root;
            try (InputStream in = LotkaVolterraTarget.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + resource + " is missing from the class path");
                }
                root = MAPPER.readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read resource " + resource, e);
            }
            return parse(root, true, message -> new IllegalStateException("data of posterior " + NAME + ": "
                    + message));
        }

        static Data fromSetting(Config target) {
            ConfigValue value = target.root().get(DATA);
            String key = TargetSettings.key(DATA);
            if (value.valueType() == ConfigValueType.STRING) {
                throw new ConfigurationException(key, "a data file (\"" + value.unwrapped() + "\") is read where "
                        + "the job file is read (bin/replex run, replex submit); a job given as parsed data must "
                        + "carry the data inline: data = { N = ..., ts = [...], y = [[...], ...], y_init = [...] }");
            }
            if (value.valueType() != ConfigValueType.OBJECT) {
                throw new ConfigurationException(key, "must be a file name (a JSON file, relative to the job file) "
                        + "or an object { N, ts, y, y_init }, got " + value.render(ConfigRenderOptions.concise()));
            }
            JsonNode root = MAPPER.valueToTree(value.unwrapped());
            return parse(root, false, message -> new ConfigurationException(key, message));
        }

        /**
         * @param yInitRequired whether {@code y_init} must be given (the built-in data set)
         * @param error makes the exception for a message
         */
        static Data parse(JsonNode root, boolean yInitRequired, Function<String, RuntimeException> error) {
            Set<String> allowed = Set.of("N", "ts", "y", "y_init");
            for (var it = root.fieldNames(); it.hasNext();) {
                String field = it.next();
                if (!allowed.contains(field)) {
                    throw error.apply("unknown field '" + field + "'; allowed: N, ts, y, y_init (y_init optional)");
                }
            }
            JsonNode nNode = root.get("N");
            if (nNode == null || !nNode.isIntegralNumber() || !nNode.canConvertToInt() || nNode.intValue() < 1) {
                throw error.apply("field 'N' must be an integer >= 1 (the number of observation times)");
            }
            int n = nNode.intValue();
            double[] ts = vector(root.get("ts"), n, "ts", error);
            for (int i = 0; i < n; i++) {
                if (!(ts[i] > (i == 0 ? 0 : ts[i - 1]))) {
                    throw error.apply("field 'ts' must be > 0 and strictly increasing (times after t = 0, where "
                            + "the ODE starts from z_init), got " + ts[i] + " at position " + i);
                }
            }
            double[] yInit = null;
            JsonNode yInitNode = root.get("y_init");
            if (yInitNode != null && !yInitNode.isNull()) {
                yInit = vector(yInitNode, 2, "y_init", error);
            } else if (yInitRequired) {
                throw error.apply("field 'y_init' must be an array of 2 finite numbers > 0");
            }
            JsonNode rows = root.get("y");
            String shape = "field 'y' must be an array of N = " + n + " pairs [hares, lynxes] of finite numbers > 0";
            if (rows == null || !rows.isArray() || rows.size() != n) {
                throw error.apply(shape);
            }
            double[][] y = new double[n][];
            for (int i = 0; i < n; i++) {
                JsonNode row = rows.get(i);
                if (!row.isArray() || row.size() != 2) {
                    throw error.apply(shape + "; element " + i + " is " + row);
                }
                y[i] = vector(row, 2, "y[" + i + "]", error);
            }
            return new Data(ts, yInit, y);
        }

        /** A numeric array of {@code length} finite elements; {@code y…} fields must also be > 0. */
        private static double[] vector(JsonNode node, int length, String field,
                Function<String, RuntimeException> error) {
            boolean positive = field.startsWith("y");
            String what = "an array of " + length + " finite numbers" + (positive ? " > 0" : "");
            if (node == null || !node.isArray() || node.size() != length) {
                throw error.apply("field '" + field + "' must be " + what);
            }
            double[] values = new double[length];
            for (int i = 0; i < length; i++) {
                JsonNode element = node.get(i);
                if (!element.isNumber() || !Double.isFinite(element.doubleValue())
                        || (positive && !(element.doubleValue() > 0))) {
                    throw error.apply("field '" + field + "' must be " + what + "; element " + i + " is " + element);
                }
                values[i] = element.doubleValue();
            }
            return values;
        }
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public List<String> parameterNames() {
        return NAMES;
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
        return logLikelihood(x, solve(x));
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
        Solution solution = solve(x);
        java.util.Map<String, Double> metrics = new java.util.LinkedHashMap<>();
        metrics.put("ode_steps", (double) solution.steps());
        metrics.put("ode_evaluations", (double) solution.evaluations());
        return new Evaluation(logPrior, logLikelihood(x, solution), metrics, java.util.Map.of("ode_status",
                solution.status()));
    }

    private double logLikelihood(double[] x, Solution solution) {
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

    /**
     * The ODE's solution and what it cost.
     *
     * @param logZ log z, indexed [k][n], or {@code null} if the solver failed or the solution is not
     *     finite and positive at some ts[n]
     * @param steps the solver's accepted steps
     * @param evaluations its evaluations of the right-hand side
     * @param status {@code ok}, {@code diverged} or {@code failed}
     */
    private record Solution(double[][] logZ, int steps, int evaluations, String status) {
    }

    /**
     * Solves the ODE from t = 0 through every ts[n]. The solver is stopped by the step handler once
     * the step that reaches the last ts[n] is taken, never by an end time that would shorten that
     * step: the steps, hence the solution at every ts[n], do not depend on the data after it, so
     * that the data set split in two (in time) gives exactly the same z[n] as the whole.
     */
    private Solution solve(double[] x) {
        double alpha = x[ALPHA];
        double beta = x[BETA];
        double gamma = x[GAMMA];
        double delta = x[DELTA];
        FirstOrderDifferentialEquations equations = new FirstOrderDifferentialEquations() {
            @Override
            public int getDimension() {
                return 2;
            }

            @Override
            public void computeDerivatives(double t, double[] z, double[] dz) {
                double u = z[0];
                double v = z[1];
                dz[0] = (alpha - beta * v) * u;
                dz[1] = (-gamma + delta * u) * v;
                if (!Double.isFinite(dz[0]) || !Double.isFinite(dz[1])) {
                    throw Diverged.INSTANCE;
                }
            }
        };
        // Never reached: every step starts before the last ts and is at most MAX_STEP long, and the
        // recorder stops the solver after the step that passes the last ts.
        double horizon = 2 * ts[ts.length - 1] + 2 * MAX_STEP;
        Recorder recorder = new Recorder(ts);
        DormandPrince54Integrator integrator = new DormandPrince54Integrator(MIN_STEP, MAX_STEP, ABSOLUTE_TOLERANCE,
                RELATIVE_TOLERANCE);
        integrator.setMaxEvaluations(MAX_EVALUATIONS);
        integrator.addStepHandler(recorder);
        double[] state = {x[Z_INIT], x[Z_INIT + 1]};
        String status = "ok";
        try {
            integrator.integrate(equations, 0.0, state, horizon, state);
            status = "failed"; // the horizon was reached before the last ts: cannot happen (see above)
        } catch (Recorded done) {
            // every ts[n] is recorded: the solver was stopped right after the step that reached the last
        } catch (Diverged e) {
            status = "diverged";
        } catch (MathIllegalStateException | MathIllegalArgumentException | MathArithmeticException e) {
            status = "failed";
        }
        return new Solution(status.equals("ok") ? recorder.logZ : null, recorder.steps, integrator.getEvaluations(),
                status);
    }

    /** Reads log z at each observation time from the solver's dense output, one step at a time. */
    private static final class Recorder implements StepHandler {
        private final double[] times;
        final double[][] logZ;
        private int next;
        int steps;

        Recorder(double[] times) {
            this.times = times;
            this.logZ = new double[2][times.length];
        }

        @Override
        public void init(double t0, double[] y0, double t) {
            next = 0;
        }

        @Override
        public void handleStep(StepInterpolator interpolator, boolean isLast) {
            steps++;
            double stepEnd = interpolator.getCurrentTime();
            while (next < times.length && (times[next] <= stepEnd || isLast)) {
                interpolator.setInterpolatedTime(Math.min(times[next], stepEnd));
                double[] z = interpolator.getInterpolatedState();
                double u = z[0];
                double v = z[1];
                // NaN fails both tests; +∞ passes the first and makes log = +∞, caught below
                if (!(u > 0 && v > 0 && u < Double.POSITIVE_INFINITY && v < Double.POSITIVE_INFINITY)) {
                    throw Diverged.INSTANCE;
                }
                logZ[0][next] = Math.log(u);
                logZ[1][next] = Math.log(v);
                next++;
            }
            if (next == times.length) {
                throw Recorded.INSTANCE;
            }
        }
    }

    /** Stops the solver: every ts[n] is recorded. Shared, no stack trace. */
    private static final class Recorded extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Recorded INSTANCE = new Recorded();

        private Recorded() {
            super("every observation time is recorded", null, false, false);
        }
    }

    /** Stops the solver: the solution left the positive finite quadrant. Shared, no stack trace. */
    private static final class Diverged extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Diverged INSTANCE = new Diverged();

        private Diverged() {
            super("the Lotka-Volterra solution is not finite and positive", null, false, false);
        }
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

    /**
     * @return true: log p is the sum of normalised log-densities, the normals truncated to &gt; 0
     *     renormalised, so the prior integrates to 1
     */
    @Override
    public boolean hasNormalisedPrior() {
        return true;
    }

    @Override
    public String toString() {
        return NAME;
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
