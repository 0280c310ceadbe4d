#!/usr/bin/env Rscript
# The fixed R numbers (the model name quoted: it holds commas) tests/RnnLstm.Tests/Forecasting/Models/r_reference.csv holds: ets() and thetaf() fitted on the
# whole of three corpus series, and their 12-step mean forecasts. Regenerate from the repository root with
#   Rscript bench/reference/test-numbers.R > tests/RnnLstm.Tests/Forecasting/Models/r_reference.csv
suppressPackageStartupMessages(library(forecast))
series <- list(list("airpassengers", 12), list("nile_flow", 1), list("uk_gas", 4))
cat(sprintf("# %s, forecast %s; command: Rscript bench/reference/test-numbers.R\n", R.version$version.string, packageVersion("forecast")))
cat("series,m,method,model,aicc,step,mean\n")
for (s in series) {
  y <- ts(read.csv(file.path("data", "examples", paste0(s[[1]], ".csv")))[[2]], frequency = s[[2]])
  fit <- ets(y)
  e <- forecast(fit, h = 12)$mean
  t <- thetaf(y, h = 12)$mean
  for (h in 1:12) cat(sprintf("%s,%d,ets,\"%s\",%.10g,%d,%.10g\n", s[[1]], s[[2]], fit$method, fit$aicc, h, e[h]))
  for (h in 1:12) cat(sprintf("%s,%d,thetaf,thetaf,NA,%d,%.10g\n", s[[1]], s[[2]], h, t[h]))
}
