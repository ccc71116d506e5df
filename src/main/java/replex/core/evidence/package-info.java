/**
 * What the ladder of a run says about the target: the log evidence log Z by stepping stone and
 * thermodynamic integration, with batch-means standard errors ({@link
 * replex.core.evidence.EvidenceAccumulator}, {@link replex.core.evidence.LogEvidence}), and the
 * communication barrier Λ with the recommended number of levels ({@link
 * replex.core.evidence.CommunicationBarrier}).
 *
 * <p>Pure Java, no I/O. Each chain accumulates O(K·B) numbers in round order; chains are combined
 * in chain order, so the results are bit-identical for every engine.
 */
package replex.core.evidence;
