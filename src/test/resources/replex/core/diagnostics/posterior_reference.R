# Reference values for the replex.core.diagnostics tests, computed by the R package posterior
# (Vehtari, Gelman, Simpson, Carpenter & Buerkner 2021, doi:10.1214/20-BA1221; the authors' own
# implementation), for the draws stored in each case file of this folder.
#
# Run from the repository root (Debian: apt-get install r-cran-posterior r-cran-jsonlite):
#
#     Rscript src/test/resources/replex/core/diagnostics/posterior_reference.R
#
# It writes posterior_reference.json next to this script: for every case, the same keys as the
# case file's "expected" (the older values of generate_reference.py, kept for comparison), computed
# by posterior, printed with 17 significant digits, null for NA / NaN. The case files themselves
# (their draws) are only read. The Java tests check against posterior_reference.json. Every
# value but two comes from a function exported by posterior: ess_bulk, ess_tail, ess_quantile,
#   rhat and quantile2 (type 7, as numpy.quantile's "linear"). Bulk and tail R-hat, of which rhat()
#   returns the larger, are computed with the body of posterior's own rhat() (its internal .rhat,
#   .split_chains and fold_draws, with the exported z_scale).
suppressPackageStartupMessages({
  library(posterior)
  library(jsonlite)
})
here <- "src/test/resources/replex/core/diagnostics"
cases <- c("iid_normal", "ar1_phi09", "shifted_means", "different_scales", "cauchy", "ties_poisson",
           "single_chain", "odd_length", "minimal_4_draws", "too_short", "constant", "kidiq_beta1")
finite <- function(v) if (is.null(v) || length(v) != 1 || !is.finite(v)) NA_real_ else unname(v)
guard <- function(expr) tryCatch(suppressWarnings(expr), error = function(e) NA_real_)
number <- function(v) if (is.na(v)) "null" else sprintf("%.17g", v)
out <- character(0)
for (name in cases) {
  case <- fromJSON(file.path(here, paste0(name, ".json")), simplifyVector = FALSE)
  chains <- lapply(case$draws, function(ch) vapply(ch, function(v) if (is.null(v)) NaN else v, numeric(1)))
  x <- do.call(cbind, chains) # iterations x chains, as posterior's matrices
  q <- guard(quantile2(x, probs = c(0.05, 0.5, 0.95)))
  values <- list(
    mean = mean(x), sd = sd(as.vector(x)),
    q05 = if (length(q) == 3) q[[1]] else NA, q50 = if (length(q) == 3) q[[2]] else NA,
    q95 = if (length(q) == 3) q[[3]] else NA,
    ess_bulk = guard(ess_bulk(x)), ess_tail = guard(ess_tail(x)),
    ess_q05 = guard(ess_quantile(x, probs = 0.05)), ess_q95 = guard(ess_quantile(x, probs = 0.95)),
    rhat = guard(rhat(x)),
    # the two halves of rhat(): its own body (posterior 1.4.0, rhat.default), which is not exported
    rhat_bulk = guard(posterior:::.rhat(z_scale(posterior:::.split_chains(x)))),
    rhat_tail = guard(posterior:::.rhat(z_scale(posterior:::.split_chains(posterior:::fold_draws(x))))))
  fields <- vapply(names(values), function(k) sprintf('"%s": %s', k, number(finite(values[[k]]))), "")
  out <- c(out, sprintf('    "%s": {%s}', name, paste(fields, collapse = ", ")))
}
json <- c("{",
          sprintf('  "generator": "posterior_reference.R (R %s.%s, posterior %s)",', R.version$major, R.version$minor,
                  as.character(packageVersion("posterior"))),
          '  "cases": {', paste(out, collapse = ",\n"), "  }", "}")
writeLines(json, file.path(here, "posterior_reference.json"))
