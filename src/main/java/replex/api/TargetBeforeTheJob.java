package replex.api;

import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

import replex.core.ConfigurationException;
import replex.core.Target;
import replex.io.JobSpec;
import replex.targets.TargetFactory;

/**
 * The target of a step that runs in this JVM before the job (the level-count pilot, the initial
 * design): builds it, runs the step and closes it, also when the step fails.
 */
final class TargetBeforeTheJob {

    private TargetBeforeTheJob() {
    }

    /**
     * @param spec the job
     * @param create builds the job's target
     * @param unavailable the message of the error thrown when the job's user class
     *     ({@code job.target.class}) cannot be had here, from the factory's error
     * @param step the step, given the job and its target
     * @return what {@code step} returns
     * @throws ConfigurationException if the target cannot be built (for {@code job.target.class} with
     *     the message {@code unavailable} gives, the factory's error as its cause), or from the step
     */
    static JobSpec run(JobSpec spec, Supplier<Target> create, Function<ConfigurationException, String> unavailable,
            BiFunction<JobSpec, Target, JobSpec> step) {
        Target target;
        try {
            target = create.get();
        } catch (ConfigurationException e) {
            if (!"job.target.class".equals(e.key())) {
                throw e;
            }
            throw new ConfigurationException(e.key(), unavailable.apply(e), e);
        }
        try {
            return step.apply(spec, target);
        } finally {
            TargetFactory.close(target);
        }
    }
}
