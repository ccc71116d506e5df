/**
 * Convergence diagnostics of MCMC draws: rank-normalised split-R-hat ({@link
 * replex.core.diagnostics.RHat}), bulk and tail effective sample size ({@link
 * replex.core.diagnostics.EffectiveSampleSize}), type 7 sample quantiles ({@link
 * replex.core.diagnostics.Quantiles}) and the per-parameter summary ({@link
 * replex.core.diagnostics.ParameterSummary}).
 *
 * <p>Draws are always {@code double[chain][draw]} for one scalar parameter. Pure Java, no I/O,
 * deterministic; results agree with ArviZ / posterior (R) to rounding, checked against stored
 * reference values (see {@code src/test/resources/replex/core/diagnostics/generate_reference.py}).
 *
 * @see <a href="https://doi.org/10.1214/20-BA1221">Vehtari, A., Gelman, A., Simpson, D., Carpenter,
 *     B. and Bürkner, P.-C. (2021). Rank-normalization, folding, and localization: An improved
 *     R-hat for assessing convergence of MCMC. Bayesian Analysis 16(2), 667-718.
 *     doi:10.1214/20-BA1221</a>
 */
package replex.core.diagnostics;
