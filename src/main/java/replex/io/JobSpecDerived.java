package replex.io;

import java.util.List;
import java.util.Objects;

import com.typesafe.config.Config;

import replex.core.InitialValues;
import replex.core.SamplerSettings;
import replex.core.ladder.Ladder;

/**
 * The jobs derived from a {@link JobSpec} once something about it is decided: the level count chosen
 * by a pilot, the replicas' starts chosen from an initial design, the hottest level chosen from the
 * target; and the points of its initial design.
 *
 * <p>Thread-safe: stateless.
 */
final class JobSpecDerived {

    private JobSpecDerived() {
    }

    /** {@link JobSpec#withLevelCountChoice}. */
    static JobSpec withLevelCountChoice(JobSpec job, SamplerSettings chosen, LevelCountChoice choice) {
        if (!job.autoLevels()) {
            throw new IllegalStateException("job.temperatures.count is not auto");
        }
        InitialValues init = job.init();
        Config block = init == null ? job.target() : new InitialValues(rows(init), init.names(), init.jitter(),
                init.key(), init.source(), chosen.chains(), chosen.levels()).embed(job.userTarget());
        return new JobSpec(chosen, block, job.workers(), job.outputDir(), job.mode(), job.jobFile(),
                job.checkpointEvery(), job.checkpointDir(), true, Objects.requireNonNull(choice, "choice"),
                job.outputFormats(), job.hottestDefault());
    }

    private static double[][] rows(InitialValues init) {
        double[][] rows = new double[init.rowCount()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = init.row(i);
        }
        return rows;
    }

    /** {@link JobSpec#initDesignPoints}. */
    static replex.core.evaluate.Design initDesignPoints(JobSpec job, List<String> names) {
        Config d = job.initDesign();
        if (d == null) {
            throw new IllegalStateException("the job has no initial design");
        }
        return EvaluateSpec.design(InitValues.designSettings(d), job.sampler().seed(), names, "job.init",
                "job.init.design");
    }

    /** {@link JobSpec#withInitialRows}. */
    static JobSpec withInitialRows(JobSpec job, double[][] rows, String source) {
        Config d = job.initDesign();
        double jitter = d == null ? 0 : d.getDouble("jitter");
        InitialValues init = new InitialValues(rows, null, jitter, "job.init", source, job.sampler().chains(),
                job.sampler().levels());
        return new JobSpec(job.sampler(), init.embed(job.userTarget()), job.workers(), job.outputDir(), job.mode(),
                job.jobFile(), job.checkpointEvery(), job.checkpointDir(), job.autoLevels(), job.levelCountChoice(),
                job.outputFormats(), job.hottestDefault());
    }

    /** {@link JobSpec#withHottestLevel}. */
    static JobSpec withHottestLevel(JobSpec job, boolean normalisedPrior) {
        if (!job.hottestDefault()) {
            return job;
        }
        SamplerSettings s = job.sampler();
        if (normalisedPrior && s.levels() > 1) {
            s = s.toBuilder().ladder(Ladder.geometricToPrior(s.levels(), JobSpec.DEFAULT_BETA_MIN)).build();
        }
        return new JobSpec(s, job.target(), job.workers(), job.outputDir(), job.mode(), job.jobFile(),
                job.checkpointEvery(), job.checkpointDir(), job.autoLevels(), job.levelCountChoice(),
                job.outputFormats(), false);
    }
}
