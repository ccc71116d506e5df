package replex.actors;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;

import replex.core.SamplerSettings;
import replex.core.engine.ProgressListener;
import replex.core.engine.RunResult;
import replex.io.JobSpec;
import replex.io.OptimizeSpec;

/**
 * A fetching client ({@code replex fetch}, {@link JobClient#fetch}) until the job manager says what
 * the job is: it asks the job manager for the job, again every {@link #INTERVAL} while
 * the job has not finished (feeding its progress to the listener), and on the job's
 * {@link JobClient.JobAccepted} completes the job's future with the effective job and becomes the
 * client that receives the result: a {@link JobClient} for a sampling job, an {@link OptimizeClient}
 * for an optimize job. It follows no coordinator: a fetched result comes from the job manager.
 */
final class JobFetch extends AbstractBehavior<JobClient.Event> {

    /** How long a fetching client waits between asking for an unfinished job. */
    static final Duration INTERVAL = Duration.ofSeconds(2);

    private final JobLink link;
    private final ProgressListener listener;
    private final CompletableFuture<RunResult> result;
    private final CompletableFuture<OptimizeClient.Outcome> optimized;
    private final CompletableFuture<String> job;

    private JobFetch(ActorContext<JobClient.Event> context, TimerScheduler<JobClient.Event> timers,
            ProgressListener listener, CompletableFuture<RunResult> result,
            CompletableFuture<OptimizeClient.Outcome> optimized, CompletableFuture<String> job) {
        super(context);
        // follows no coordinator: no notices
        this.link = new JobLink(context, timers, result, this::fail, null, "", null, null);
        this.listener = listener;
        this.result = result;
        this.optimized = optimized;
        this.job = job;
    }

    /** As {@link JobClient#fetch}, whose parameters these are. */
    static Behavior<JobClient.Event> create(String jobId, ProgressListener listener,
            CompletableFuture<RunResult> result, CompletableFuture<OptimizeClient.Outcome> optimized,
            CompletableFuture<String> job, Duration findTimeout) {
        return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> {
            JobFetch fetch = new JobFetch(ctx, timers, listener, result, optimized, job);
            fetch.link.find(new JobManager.FetchJob(jobId, ctx.getSelf()), true, findTimeout);
            return fetch;
        }));
    }

    @Override
    public Receive<JobClient.Event> createReceive() {
        return link.handlers(newReceiveBuilder())
                .onMessage(JobClient.FetchPending.class, m -> {
                    listener.progressed(m.roundsDone(), m.rounds());
                    link.askAgainIn(INTERVAL);
                    return this;
                })
                .onMessage(JobClient.JobAccepted.class, this::onAccepted)
                .build();
    }

    private Behavior<JobClient.Event> onAccepted(JobClient.JobAccepted m) {
        link.accept(m);
        if (OptimizeSpec.isOptimize(m.jobJson())) {
            if (optimized == null) {
                return fail("it is an optimize job: Replex.fetch collects it");
            }
            job.complete(m.jobJson());
            try {
                return OptimizeClient.fetched(m, optimized);
            } catch (RuntimeException e) {
                return fail("the cluster sent a job that cannot be read: " + e.getMessage());
            }
        }
        SamplerSettings settings;
        try {
            settings = JobSpec.fromJson(m.jobJson()).sampler();
        } catch (RuntimeException e) {
            return fail("the cluster sent a job that cannot be read: " + e.getMessage());
        }
        job.complete(m.jobJson());
        return JobClient.fetched(m, settings, listener, result);
    }

    private Behavior<JobClient.Event> fail(String message) {
        result.completeExceptionally(new IllegalStateException("job " + link.jobId() + ": " + message));
        return Behaviors.stopped();
    }
}
