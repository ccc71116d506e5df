/**
 * Job files and run outputs: {@link replex.io.JobSpec} reads and validates a HOCON or JSON job
 * file; {@link replex.io.DrawsCsv} and {@link replex.io.RunSummary} write {@code draws.csv} and
 * {@code summary.json}, atomically and in that order ({@link replex.io.RunOutputs},
 * {@link replex.io.StagedFile}). Every validation failure is a
 * {@link replex.core.ConfigurationException} naming the job-file key.
 */
package replex.io;
