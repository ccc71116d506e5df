/**
 * The Java API: {@link replex.api.Replex} runs a {@link replex.io.JobSpec} in this JVM and writes
 * its outputs.
 */
package replex.api;
