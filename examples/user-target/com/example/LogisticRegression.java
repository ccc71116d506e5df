package com.example;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import org.apache.commons.rng.UniformRandomProvider;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

import replex.core.ConfigurationException;
import replex.core.Target;

/**
 * Bayesian logistic regression with an intercept, as a Replex target.
 *
 * <pre>
 *   y[n] ~ Bernoulli(logistic(eta[n])),  eta[n] = beta[1] + Σ_j beta[j+1]·x[n][j],  n = 1 … N
 *   beta[j] ~ N(0, prior-sd²),  j = 1 … p+1   (independent, normalised)
 * </pre>
 *
 * <p>Settings in the job's {@code target} block: {@code x}, N rows of p finite numbers;
 * {@code y}, N outcomes, each 0 or 1; {@code prior-sd}, a number &gt; 0 (default 10).
 * Parameters (1-based, like every built-in target): {@code beta[1]} (intercept) … {@code beta[p+1]}.
 * Immutable, hence thread-safe.
 */
public final class LogisticRegression implements Target {

    private static final Set<String> SETTINGS = Set.of("class", "x", "y", "prior-sd");
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    private final double[][] x;
    /** +1 where y = 1, −1 where y = 0: log P(y | eta) = −log(1 + exp(−sign·eta)). */
    private final double[] sign;
    private final double priorSd;
    private final double logPriorConstant;
    private final List<String> names;

    /** @param target the job's target block; every invalid setting is a ConfigurationException */
    public LogisticRegression(Config target) {
        for (String key : target.root().keySet()) {
            if (!SETTINGS.contains(key)) {
                throw new ConfigurationException("job.target." + key,
                        "unknown setting; allowed: class, x, y, prior-sd");
            }
        }
        this.x = readRows(target);
        this.sign = readOutcomes(target, x.length);
        this.priorSd = readPriorSd(target);
        this.logPriorConstant = -(x[0].length + 1) * (HALF_LOG_TWO_PI + Math.log(priorSd));
        List<String> list = new ArrayList<>();
        for (int j = 0; j <= x[0].length; j++) {
            list.add("beta[" + (j + 1) + "]");
        }
        this.names = Collections.unmodifiableList(list);
    }

    @Override
    public int dimension() {
        return x[0].length + 1;
    }

    @Override
    public List<String> parameterNames() {
        return names;
    }

    @Override
    public double logPrior(double[] beta) {
        double squares = 0;
        for (double b : beta) {
            double z = b / priorSd;
            squares += z * z;
        }
        return logPriorConstant - 0.5 * squares;
    }

    /** The prior above is a normal density with its constant: log Z is the model evidence. */
    @Override
    public boolean hasNormalisedPrior() {
        return true;
    }

    @Override
    public double logLikelihood(double[] beta) {
        double sum = 0;
        for (int n = 0; n < x.length; n++) {
            double eta = beta[0];
            for (int j = 0; j < x[n].length; j++) {
                eta += beta[j + 1] * x[n][j];
            }
            sum -= log1pExp(-sign[n] * eta);
        }
        return sum;
    }

    /** log(1 + e^t) without overflow: for t &gt; 0 it is computed as t + log(1 + e^−t). */
    private static double log1pExp(double t) {
        return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
    }

    /** Every coefficient from U(−2, 2), drawn with the replica's own stream. */
    @Override
    public double[] initialState(UniformRandomProvider rng) {
        double[] beta = new double[dimension()];
        for (int j = 0; j < beta.length; j++) {
            beta[j] = -2 + 4 * rng.nextDouble();
        }
        return beta;
    }

    private static double[][] readRows(Config target) {
        String key = "job.target.x";
        List<? extends Object> rows = list(target, "x", key);
        double[][] result = new double[rows.size()][];
        for (int n = 0; n < rows.size(); n++) {
            if (!(rows.get(n) instanceof List<?> row) || row.isEmpty()) {
                throw new ConfigurationException(key, "row " + n + " must be a non-empty list of numbers");
            }
            if (n > 0 && row.size() != result[0].length) {
                throw new ConfigurationException(key, "row " + n + " has " + row.size()
                        + " numbers, row 0 has " + result[0].length + "; every row needs the same length");
            }
            result[n] = new double[row.size()];
            for (int j = 0; j < row.size(); j++) {
                if (!(row.get(j) instanceof Number v) || !Double.isFinite(v.doubleValue())) {
                    throw new ConfigurationException(key, "element [" + n + "][" + j
                            + "] must be a finite number, got " + row.get(j));
                }
                result[n][j] = v.doubleValue();
            }
        }
        return result;
    }

    private static double[] readOutcomes(Config target, int rows) {
        String key = "job.target.y";
        List<? extends Object> values = list(target, "y", key);
        if (values.size() != rows) {
            throw new ConfigurationException(key, "must have one outcome per row of x (" + rows
                    + "), got " + values.size());
        }
        double[] result = new double[rows];
        for (int n = 0; n < rows; n++) {
            Object v = values.get(n);
            if (!(v instanceof Number number) || (number.doubleValue() != 0 && number.doubleValue() != 1)) {
                throw new ConfigurationException(key, "element " + n + " must be 0 or 1, got " + v);
            }
            result[n] = number.doubleValue() == 1 ? 1.0 : -1.0;
        }
        return result;
    }

    private static double readPriorSd(Config target) {
        if (!target.hasPath("prior-sd")) {
            return 10.0;
        }
        double sd;
        try {
            sd = target.getDouble("prior-sd");
        } catch (ConfigException e) {
            throw new ConfigurationException("job.target.prior-sd", "must be a number > 0", e);
        }
        if (!(sd > 0) || Double.isInfinite(sd)) {
            throw new ConfigurationException("job.target.prior-sd", "must be a finite number > 0, got " + sd);
        }
        return sd;
    }

    private static List<? extends Object> list(Config target, String field, String key) {
        try {
            List<? extends Object> values = target.getAnyRefList(field);
            if (values.isEmpty()) {
                throw new ConfigurationException(key, "must not be empty");
            }
            return values;
        } catch (ConfigException.Missing e) {
            throw new ConfigurationException(key, "required: a list", e);
        } catch (ConfigException e) {
            throw new ConfigurationException(key, "must be a list", e);
        }
    }
}
