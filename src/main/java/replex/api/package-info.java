/**
 * The Java API. {@link replex.api.Replex} runs a sampling {@link replex.io.JobSpec} in this JVM
 * ({@code run}, {@code runAndWrite}), resumes one from its checkpoints ({@code resumeAndWrite}),
 * submits one to a cluster ({@code submitAndWrite}) and fetches a finished cluster job
 * ({@code fetch}); {@link replex.api.Optimizer} does the same for optimize jobs, and
 * {@link replex.api.CompletedRun} is what a run that wrote its outputs returns.
 *
 * <p>The API prints nothing: progress reaches a {@link replex.core.engine.ProgressListener}, and
 * notices for the user (checkpoints skipped or not writable, recovery events) reach a
 * {@link replex.api.RunListener}; the command line passes listeners that print them on stderr.
 * Bad input is refused with a {@link replex.core.ConfigurationException} naming the job-file key.
 */
package replex.api;
