package replex.it;

import org.apache.commons.rng.UniformRandomProvider;

import com.typesafe.config.Config;

import replex.core.TestTarget;

/**
 * A one-dimensional standard normal that misbehaves as its {@code target} block says:
 * {@code exit-in = constructor | likelihood} calls {@code System.exit(exit-status)} there;
 * {@code hang-after = N} makes every likelihood call after the N-th never return. For
 * {@link TargetMisbehaviourIT}, loaded by {@code replex run --classpath}.
 */
public final class MisbehavingTarget extends TestTarget {

    private final String exitIn;
    private final int exitStatus;
    private final long hangAfter;
    private final java.util.concurrent.atomic.AtomicLong calls = new java.util.concurrent.atomic.AtomicLong();

    public MisbehavingTarget(Config target) {
        super(1);
        exitIn = target.hasPath("exit-in") ? target.getString("exit-in") : "";
        exitStatus = target.hasPath("exit-status") ? target.getInt("exit-status") : 3;
        hangAfter = target.hasPath("hang-after") ? target.getLong("hang-after") : Long.MAX_VALUE;
        if (exitIn.equals("constructor")) {
            System.exit(exitStatus);
        }
    }

    @Override
    public double logLikelihood(double[] x) {
        if (exitIn.equals("likelihood")) {
            System.exit(exitStatus);
        }
        if (calls.incrementAndGet() > hangAfter) {
            Object never = new Object();
            synchronized (never) {
                while (true) {
                    try {
                        never.wait();
                    } catch (InterruptedException e) {
                        // a call that never returns ignores interrupts too
                    }
                }
            }
        }
        return super.logLikelihood(x);
    }

    @Override
    public double[] initialState(UniformRandomProvider rng) {
        return new double[] {rng.nextDouble() - 0.5};
    }
}
