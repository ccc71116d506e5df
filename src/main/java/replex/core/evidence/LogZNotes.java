package replex.core.evidence;

/**
 * What a run's log Z estimates are, in words: the sentences {@code summary.json} and the run's
 * printed summary give beside the {@link LogEvidence} estimates.
 */
public final class LogZNotes {

    private LogZNotes() {
    }

    /**
     * @param levels the number of levels of the ladder
     * @param referenceBeta the hottest level's β ({@link LogEvidence#referenceBeta()})
     * @param priorNormalised whether the target's log-prior is a normalised density; {@code null} if
     *     not known
     * @return what the log_z estimates are, in one sentence
     */
    public static String note(int levels, double referenceBeta, Boolean priorNormalised) {
        if (levels < 2) {
            return "one level: no ladder to estimate log Z from";
        }
        if (referenceBeta == 0) {
            String integral = "log Z(beta=1) - log Z(beta=0) = log of the integral of prior x likelihood";
            if (Boolean.TRUE.equals(priorNormalised)) {
                return integral + ": the log evidence (the target's prior is normalised)";
            }
            if (Boolean.FALSE.equals(priorNormalised)) {
                return integral + ": not the log evidence, the target's prior is not normalised";
            }
            return integral + ": the log evidence if log_prior is a normalised density (a proper prior); "
                    + "meaningless for an improper prior";
        }
        String ratio = "log Z(beta=1) - log Z(beta=" + referenceBeta + "): the log ratio to the hottest level, not the "
                + "evidence";
        if (Boolean.FALSE.equals(priorNormalised)) {
            return ratio + " (the target's prior is not normalised, so no ladder gives the evidence)";
        }
        return ratio + "; for the evidence let the ladder end at beta = 0: leave out job.temperatures.beta-min "
                + "(the default with a normalised prior) or end job.temperatures.betas with 0";
    }

    /**
     * @param levels the number of levels of the ladder
     * @param priorNormalised whether the target's log-prior is a normalised density; {@code null} if
     *     not known
     * @return a sentence saying that log Z is not the model evidence because the target's prior is not
     *     normalised; {@code null} if it is, if that is not known, or with a single level (no log Z)
     */
    public static String priorWarning(int levels, Boolean priorNormalised) {
        if (levels < 2 || !Boolean.FALSE.equals(priorNormalised)) {
            return null;
        }
        return "the target's prior is not a normalised density (improper, such as a flat prior, or without its "
                + "normalising constants): log Z is not the model evidence, whatever the ladder";
    }
}
