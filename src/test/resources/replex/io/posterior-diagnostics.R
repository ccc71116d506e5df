# Reads Replex's CmdStan-format draws files (one per chain) with base R, as CmdStan CSVs are read
# (lines starting with # are comments), and prints the R package posterior's convergence
# diagnostics of every variable as CSV on standard output:
#   variable,mean,ess_bulk,ess_tail,rhat
# Usage: Rscript posterior-diagnostics.R draws-cmdstan-1.csv draws-cmdstan-2.csv ...
suppressPackageStartupMessages(library(posterior))
files <- commandArgs(trailingOnly = TRUE)
if (length(files) == 0) stop("give the CmdStan-format CSV files, one per chain")
chains <- lapply(files, function(f) read.csv(f, comment.char = "#", check.names = FALSE))
columns <- names(chains[[1]])
if (columns[1] != "lp__") stop("the first column is not lp__: ", columns[1])
for (chain in chains) {
  if (!identical(names(chain), columns)) stop("the files do not have the same columns")
}
# iterations x chains x variables, as posterior's draws_array
values <- array(NA_real_, dim = c(nrow(chains[[1]]), length(chains), length(columns)),
                dimnames = list(NULL, NULL, columns))
for (c in seq_along(chains)) values[, c, ] <- as.matrix(chains[[c]])
draws <- as_draws_array(values)
cat(sprintf("posterior %s\n", as.character(packageVersion("posterior"))), file = stderr())
cat("variable,mean,ess_bulk,ess_tail,rhat\n")
for (v in variables(draws)) {
  x <- extract_variable_matrix(draws, v)
  cat(sprintf("%s,%.17g,%.17g,%.17g,%.17g\n", v, mean(x), ess_bulk(x), ess_tail(x), rhat(x)))
}
