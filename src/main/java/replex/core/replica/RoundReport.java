package replex.core.replica;

import replex.core.proposal.Moments;

/**
 * What one replica reports at the end of a round: O(1) numbers plus its kept draws.
 *
 * @param round the round index
 * @param replica the replica index within its chain
 * @param logLikelihood ℓ of the replica's state at the end of the round (natural log)
 * @param logPrior log-prior of that state
 * @param accepted accepted moves in this round
 * @param proposed proposed moves in this round
 * @param targetErrors evaluations in this round that threw or returned NaN (counted as rejections)
 * @param draws the kept draws, row-major: each row is the d parameters, then ℓ, then the log-prior
 *     and the m metrics (length = rows × (d + 2 + m)); empty when none are kept
 * @param moments moments of the states visited in this round, or {@code null} if not asked for
 * @param snapshot the replica's state at the end of the round, or {@code null} if not asked for
 * @param metadata the kept draws' metadata ({@code output.draws-metadata}), row-major: n strings per
 *     row, one per name, each {@code null} where the evaluation lacks it (length = rows × n); empty
 *     when none are kept or the job records none
 */
public record RoundReport(long round, int replica, double logLikelihood, double logPrior, long accepted,
        long proposed, long targetErrors, double[] draws, Moments moments, ReplicaSnapshot snapshot,
        String[] metadata) {

    /** A report whose draws record no metadata. */
    public RoundReport(long round, int replica, double logLikelihood, double logPrior, long accepted,
            long proposed, long targetErrors, double[] draws, Moments moments, ReplicaSnapshot snapshot) {
        this(round, replica, logLikelihood, logPrior, accepted, proposed, targetErrors, draws, moments, snapshot,
                new String[0]);
    }

    /** A report without a snapshot. */
    public RoundReport(long round, int replica, double logLikelihood, double logPrior, long accepted,
            long proposed, long targetErrors, double[] draws, Moments moments) {
        this(round, replica, logLikelihood, logPrior, accepted, proposed, targetErrors, draws, moments, null);
    }
}
