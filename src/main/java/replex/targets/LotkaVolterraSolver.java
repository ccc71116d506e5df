package replex.targets;

import static replex.targets.LotkaVolterraTarget.ABSOLUTE_TOLERANCE;
import static replex.targets.LotkaVolterraTarget.ALPHA;
import static replex.targets.LotkaVolterraTarget.BETA;
import static replex.targets.LotkaVolterraTarget.DELTA;
import static replex.targets.LotkaVolterraTarget.GAMMA;
import static replex.targets.LotkaVolterraTarget.MAX_EVALUATIONS;
import static replex.targets.LotkaVolterraTarget.MAX_STEP;
import static replex.targets.LotkaVolterraTarget.MIN_STEP;
import static replex.targets.LotkaVolterraTarget.RELATIVE_TOLERANCE;
import static replex.targets.LotkaVolterraTarget.Z_INIT;

import org.apache.commons.math3.exception.MathArithmeticException;
import org.apache.commons.math3.exception.MathIllegalArgumentException;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.ode.FirstOrderDifferentialEquations;
import org.apache.commons.math3.ode.nonstiff.DormandPrince54Integrator;
import org.apache.commons.math3.ode.sampling.StepHandler;
import org.apache.commons.math3.ode.sampling.StepInterpolator;

/**
 * The ODE solver of {@link LotkaVolterraTarget} (see its class comment): Dormand–Prince 5(4) from
 * t = 0 through every observation time, log z read from the dense output. Each call creates its
 * own integrator, so the solver is safe to call from several threads at once.
 */
final class LotkaVolterraSolver {

    private LotkaVolterraSolver() {
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
    record Solution(double[][] logZ, int steps, int evaluations, String status) {
    }

    /**
     * Solves the ODE from t = 0 through every ts[n]. The solver is stopped by the step handler once
     * the step that reaches the last ts[n] is taken, never by an end time that would shorten that
     * step: the steps, hence the solution at every ts[n], do not depend on the data after it, so
     * that the data set split in two (in time) gives exactly the same z[n] as the whole.
     *
     * @param x the target's parameters, length 8 (the sigmas are not used)
     * @param ts the observation times, strictly increasing, &gt; 0
     */
    static Solution solve(double[] x, double[] ts) {
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
}
