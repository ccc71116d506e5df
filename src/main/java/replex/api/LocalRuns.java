package replex.api;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.typesafe.config.ConfigFactory;

import replex.actors.ActorEngine;
import replex.core.ConfigurationException;
import replex.core.SamplerSettings;
import replex.core.Target;
import replex.core.engine.ProgressListener;
import replex.core.engine.RecoveryEvent;
import replex.core.engine.RunControl;
import replex.core.engine.RunResult;
import replex.core.engine.SequentialEngine;
import replex.io.CheckpointFile;
import replex.io.JobSpec;
import replex.io.RunOutputs;
import replex.targets.TargetFactory;

/**
 * Sampling runs in this JVM behind {@link Replex#run}, {@link Replex#runAndWrite} and
 * {@link Replex#resumeAndWrite}: on the sequential engine ({@code workers = 0}) or on a local actor
 * node, with checkpoints, and their outputs written.
 */
final class LocalRuns {

    private static final Logger LOG = LoggerFactory.getLogger(LocalRuns.class);

    private LocalRuns() {
    }

    /** As {@link Replex#run(JobSpec, ClassLoader, ProgressListener)}. */
    static RunResult run(JobSpec spec, ClassLoader classLoader, ProgressListener listener) {
        Objects.requireNonNull(spec, "spec");
        ClassLoader loader = Preflight.loader(classLoader);
        Target target = Preflight.check(spec, loader);
        try {
            Settled settled = settle(spec, target, loader);
            target = settled.target();
            return execute(settled.spec(), loader, target, listener, null, RunControl.NONE, null);
        } finally {
            TargetFactory.close(target);
        }
    }

    /** As {@link Replex#runAndWrite(JobSpec, ClassLoader, ProgressListener, RunListener, BooleanSupplier)}. */
    static CompletedRun runAndWrite(JobSpec spec, ClassLoader classLoader, ProgressListener listener,
            RunListener notices, BooleanSupplier stop) {
        Objects.requireNonNull(spec, "spec");
        ClassLoader loader = Preflight.loader(classLoader);
        // for a job on actors, its local node starts now on a thread of its own, overlapping the checks below
        ActorEngine.LocalNode node = spec.workers() > 0 ? ActorEngine.LocalNode.start(spec.workers(),
                ConfigFactory.empty()) : null;
        Target target = null;
        try {
            target = Preflight.check(spec, loader);
            RunOutputs.prepare(spec.outputDir());
            CheckpointDirs.prepare(spec);
            CheckpointDirs.refuseEarlier(spec.checkpointDir(), spec.outputDir());
            Instant startedAt = Instant.now();
            long start = System.nanoTime();
            Settled settled = settle(spec, target, loader);
            spec = settled.spec();
            target = settled.target();
            RunResult result = execute(spec, loader, target, listener, null,
                    control(spec, stop, List.of(), target, notices), node);
            return finish(spec, result, startedAt, start, target.hasNormalisedPrior());
        } finally {
            if (node != null) {
                node.close(); // the run closed it already, unless it failed before starting
            }
            TargetFactory.close(target); // a target.command's children end with the run
        }
    }

    /** The job as run, and its target. */
    private record Settled(JobSpec spec, Target target) {
    }

    /**
     * Settles the ladder's hottest level and level count, then job.init.design's starts, which are
     * chosen now and checked: the target is then built again (and the given one closed).
     */
    private static Settled settle(JobSpec spec, Target target, ClassLoader loader) {
        JobSpec settled = LevelCountPilot.apply(spec.withHottestLevel(target.hasNormalisedPrior()), target);
        if (settled.initDesign() == null) {
            return new Settled(settled, target);
        }
        settled = InitialDesign.apply(settled, target);
        TargetFactory.close(target);
        return new Settled(settled, Preflight.check(settled, loader));
    }

    /** As {@link Replex#resumeAndWrite(Path, Integer, ClassLoader, ProgressListener, RunListener, BooleanSupplier)}. */
    static CompletedRun resumeAndWrite(Path directory, Integer workers, ClassLoader classLoader,
            ProgressListener listener, RunListener notices, BooleanSupplier stop) {
        Objects.requireNonNull(directory, "directory");
        CheckpointFile.Loaded loaded = Replex.loadCheckpoint(directory);
        RunListener told = RunListener.orNone(notices);
        loaded.skipped().forEach(told::checkpointSkipped);
        JobSpec saved = loaded.spec();
        if (workers != null && workers < 0) {
            throw new ConfigurationException("--workers", "must be an integer >= 0 (0 = sequential engine), got "
                    + workers);
        }
        // Checkpoints found elsewhere than recorded (the run's folder was moved or copied): continue there,
        // and write the outputs next to them when they sit in the default <output dir>/checkpoints.
        Path foundIn = loaded.file().toAbsolutePath().getParent();
        Path outputDir = CheckpointDirs.outputDirFor(foundIn, saved.checkpointDir(), saved.outputDir());
        JobSpec spec = new JobSpec(saved.sampler(), saved.target(), workers == null ? saved.workers() : workers,
                outputDir, saved.mode(), saved.jobFile(), saved.checkpointEvery(), foundIn, saved.autoLevels(),
                saved.levelCountChoice(), saved.outputFormats(), saved.hottestDefault());
        ClassLoader loader = Preflight.loader(classLoader);
        Target target = TargetFactory.create(spec.target(), loader, Math.max(1, spec.workers()));
        try {
            return resume(spec, loaded, target, loader, listener, told, stop);
        } finally {
            TargetFactory.close(target); // a target.command's children end with the run
        }
    }

    private static CompletedRun resume(JobSpec spec, CheckpointFile.Loaded loaded, Target target, ClassLoader loader,
            ProgressListener listener, RunListener notices, BooleanSupplier stop) {
        try {
            loaded.payload().state().check(spec.sampler(), target.dimension());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("checkpoint", loaded.file() + " does not fit its job: " + e.getMessage(),
                    e);
        }
        RunOutputs.prepare(spec.outputDir());
        CheckpointDirs.prepare(spec);
        List<RecoveryEvent> events = resumedEvents(loaded.payload().events(), loaded.payload().state().round(),
                loaded.file(), notices);
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        RunResult result = execute(spec, loader, target, listener, loaded,
                control(spec, stop, events, target, notices), null);
        // The actor engine's coordinator reads the earlier events from the checkpoint itself.
        return finish(spec, spec.workers() == 0 ? result.withEarlierEvents(events) : result, startedAt, start,
                target.hasNormalisedPrior());
    }

    /**
     * The recovery events of a resumed run: the checkpoint's, then this resume's, which the listener is told.
     *
     * @param earlier the events the checkpoint records
     * @param round the checkpoint's round
     * @param file the checkpoint file
     * @param notices told of the resume
     * @return the events, the resume last
     */
    static List<RecoveryEvent> resumedEvents(RecoveryEvent[] earlier, long round, Path file, RunListener notices) {
        List<RecoveryEvent> events = new ArrayList<>(List.of(earlier));
        RecoveryEvent resumed = new RecoveryEvent(RecoveryEvent.Kind.RESUMED, Instant.now().toString(), round, round,
                0, "from " + file);
        events.add(resumed);
        notices.recovered(resumed);
        return events;
    }

    /** @param node a local actor node started ahead (closed by this run), or {@code null} to start one */
    private static RunResult execute(JobSpec spec, ClassLoader loader, Target target, ProgressListener listener,
            CheckpointFile.Loaded start, RunControl control, ActorEngine.LocalNode node) {
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        SamplerSettings settings = spec.sampler();
        LOG.info("running {} chains x {} levels, {} rounds, on {}", settings.chains(), settings.levels(),
                settings.rounds(), spec.workers() == 0 ? "the sequential engine" : spec.workers() + " workers");
        if (spec.workers() == 0) {
            return SequentialEngine.run(settings, target, progress, start == null ? null : start.payload().state(),
                    control);
        }
        // The actor engine builds the target on its node, one per job: the checked target's child processes
        // (target.command) are not needed any more; its dimension, names and prior stay known.
        TargetFactory.close(target);
        return ActorEngine.run(spec, loader, progress, start, control,
                node != null ? node : ActorEngine.LocalNode.start(spec.workers(), ConfigFactory.empty()));
    }

    private static RunControl control(JobSpec spec, BooleanSupplier stop, List<RecoveryEvent> events, Target target,
            RunListener notices) {
        return new FileCheckpoints(spec, stop, events, target.parameterNames(), LocalCheckpoints.RETRY, notices);
    }

    /** Writes the outputs, then deletes the run's checkpoints: they are no longer needed. */
    private static CompletedRun finish(JobSpec spec, RunResult result, Instant startedAt, long startNanos,
            Boolean priorNormalised) {
        CompletedRun run = SampleOutputs.write(spec, result, startedAt, startNanos, priorNormalised);
        CheckpointDirs.delete(spec.checkpointDir(), spec.outputDir());
        return run;
    }
}
