package replex.core.proposal;

import java.util.Locale;

import replex.core.ConfigurationException;

/** What the random-walk proposal learns during burn-in (job key {@code proposal.adapt}). */
public enum AdaptationMode {
    /** Fixed proposal: isotropic with the given scale. */
    NONE,
    /** Per level, the scale is tuned towards an acceptance rate of 0.234. */
    SCALE,
    /** Per level, the scale and a full proposal covariance learned from the chain (adaptive Metropolis). */
    COVARIANCE;

    /**
     * Parses a job-file value: {@code false}/{@code none}, {@code true}/{@code scale}, {@code covariance}.
     *
     * @param value the value as written
     * @return the mode
     * @throws ConfigurationException naming {@code job.proposal.adapt} for anything else
     */
    public static AdaptationMode parse(String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "false":
            case "none":
                return NONE;
            case "true":
            case "scale":
                return SCALE;
            case "covariance":
                return COVARIANCE;
            default:
                throw new ConfigurationException("job.proposal.adapt",
                        "must be one of false | true | none | scale | covariance, got '" + value + "'");
        }
    }
}
