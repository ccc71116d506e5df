# The spread of the ESS estimator itself, which the tolerances of EffectiveSampleSizeTest come from:
# 400 replications of each synthetic case, ESS by the R package posterior, divided by the true ESS.
# Run from anywhere (about 25 s):  Rscript src/test/resources/replex/core/diagnostics/ess_spread.R
# Printed on 2026-12-01 (R 4.2.2, posterior 1.4.0):
#   iid_b mean 0.9875 sd 0.0409 min 0.8068 max 1.1121   (bulk ESS / S, 4 chains x 1000 iid N(0,1))
#   iid_t mean 0.9610 sd 0.0416 min 0.7410 max 1.0470   (tail ESS / S, the same)
#   ar_b mean 1.0122 sd 0.1235 min 0.3495 max 1.4340    (bulk ESS / (S (1-phi)/(1+phi)), AR(1) phi 0.9, 4 x 2000)
#   one_b mean 0.9734 sd 0.0614 min 0.7714 max 1.1244   (bulk ESS / S, one chain of 2000 iid N(0,1))
suppressPackageStartupMessages(library(posterior))
set.seed(20261201)
ar1 <- function(n, chains, phi) sapply(1:chains, function(c) { x <- numeric(n); x[1] <- rnorm(1, 0, 1/sqrt(1-phi^2)); for (i in 2:n) x[i] <- phi*x[i-1] + rnorm(1); x })
R <- 400
iid_b <- replicate(R, { x <- matrix(rnorm(4000), 1000, 4); ess_bulk(x) / 4000 })
iid_t <- replicate(R, { x <- matrix(rnorm(4000), 1000, 4); ess_tail(x) / 4000 })
ar_b <- replicate(R, { x <- ar1(2000, 4, 0.9); ess_bulk(x) / (8000 * 0.1 / 1.9) })
one_b <- replicate(R, { x <- matrix(rnorm(2000), 2000, 1); ess_bulk(x) / 2000 })
for (n in c("iid_b","iid_t","ar_b","one_b")) { v <- get(n); cat(sprintf("%s mean %.4f sd %.4f min %.4f max %.4f\n", n, mean(v), sd(v), min(v), max(v))) }
