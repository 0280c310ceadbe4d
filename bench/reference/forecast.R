#!/usr/bin/env Rscript
# Reference forecasts from R's forecast package (Hyndman et al.) for the same tasks the C# forecasters run.
#
# Usage: Rscript bench/reference/forecast.R TASKS.csv FORECASTS.csv MODELS.csv
#
# TASKS.csv, one row per series (header required):
#   id        series name
#   m         season length (ts frequency; 1 for none)
#   train     how many leading values form the training part
#   horizon   H, steps forecast from every origin
#   levels    interval levels in percent, space-separated, e.g. "80 95"
#   origins   0-based index of the last value each forecast may use, space-separated
#   values    the whole series, space-separated, oldest first
#
# Each method is fitted once on y[1:train]; from each origin o it forecasts y[o+2 .. o+1+H] (R's 1-based indices)
# with the fitted parameters held fixed and the states re-run over y[1:(o+1)]:
#   ets       fit <- ets(train);        ets(y[1:(o+1)], model = fit, use.initial.values = TRUE)
#   arima     fit <- auto.arima(train); Arima(y[1:(o+1)], model = fit)
#   thetaf    refitted at every origin: thetaf(y[1:(o+1)]) (it has no "model =" argument; the fit is cheap)
#
# FORECASTS.csv: id, method, origin, step, mean, then lower_L and upper_L for each level L.
# MODELS.csv:    id, method, model (R's description of the training fit), aicc, alpha, beta, gamma, phi,
#                r_version, forecast_version.
# Exit status 3 with a message on stderr when the forecast package is missing; 2 on bad arguments.

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 3) {
  message("usage: Rscript forecast.R TASKS.csv FORECASTS.csv MODELS.csv")
  quit(status = 2)
}
if (!requireNamespace("forecast", quietly = TRUE)) {
  message("R package 'forecast' is not installed (Debian: apt-get install r-cran-forecast; or install.packages(\"forecast\"))")
  quit(status = 3)
}
suppressPackageStartupMessages(library(forecast))

numbers <- function(text) as.numeric(strsplit(trimws(text), " +")[[1]])
tasks <- read.csv(args[1], colClasses = "character")
versions <- c(r_version = R.version$version.string, forecast_version = as.character(packageVersion("forecast")))

rows <- list()
models <- list()
add_forecast <- function(id, method, origin, fc, levels) {
  row <- data.frame(id = id, method = method, origin = origin, step = seq_along(fc$mean), mean = as.numeric(fc$mean))
  for (k in seq_along(levels)) {
    row[[paste0("lower_", levels[k])]] <- as.numeric(fc$lower[, k])
    row[[paste0("upper_", levels[k])]] <- as.numeric(fc$upper[, k])
  }
  rows[[length(rows) + 1]] <<- row
}
add_model <- function(id, method, description, aicc, par) {
  get <- function(name) if (!is.null(par) && name %in% names(par)) unname(par[name]) else NA
  models[[length(models) + 1]] <<- data.frame(id = id, method = method, model = description, aicc = aicc,
    alpha = get("alpha"), beta = get("beta"), gamma = get("gamma"), phi = get("phi"),
    r_version = versions[["r_version"]], forecast_version = versions[["forecast_version"]])
}
attempt <- function(what, expr) tryCatch(expr, error = function(e) { message(what, ": ", conditionMessage(e)); NULL })

for (i in seq_len(nrow(tasks))) {
  task <- tasks[i, ]
  y <- numbers(task$values)
  m <- as.integer(task$m)
  train <- as.integer(task$train)
  h <- as.integer(task$horizon)
  levels <- numbers(task$levels)
  origins <- as.integer(numbers(task$origins))
  part <- function(last) ts(y[1:last], frequency = m)

  ets_fit <- attempt(paste(task$id, "ets"), suppressWarnings(ets(part(train))))
  if (!is.null(ets_fit)) add_model(task$id, "ets", ets_fit$method, ets_fit$aicc, ets_fit$par)
  arima_fit <- attempt(paste(task$id, "auto.arima"), auto.arima(part(train)))
  if (!is.null(arima_fit)) add_model(task$id, "arima", paste(capture.output(print(arima_fit))[2], collapse = ""), arima_fit$aicc, NULL)
  add_model(task$id, "thetaf", "thetaf (refitted at each origin)", NA, NULL)

  for (o in origins) {
    yo <- part(o + 1)
    if (!is.null(ets_fit)) {
      fc <- attempt(paste(task$id, "ets origin", o), forecast(ets(yo, model = ets_fit, use.initial.values = TRUE), h = h, level = levels))
      if (!is.null(fc)) add_forecast(task$id, "ets", o, fc, levels)
    }
    if (!is.null(arima_fit)) {
      fc <- attempt(paste(task$id, "arima origin", o), forecast(Arima(yo, model = arima_fit), h = h, level = levels))
      if (!is.null(fc)) add_forecast(task$id, "arima", o, fc, levels)
    }
    fc <- attempt(paste(task$id, "thetaf origin", o), thetaf(yo, h = h, level = levels))
    if (!is.null(fc)) add_forecast(task$id, "thetaf", o, fc, levels)
  }
}

write.csv(if (length(rows)) do.call(rbind, rows) else data.frame(), args[2], row.names = FALSE)
write.csv(if (length(models)) do.call(rbind, models) else data.frame(), args[3], row.names = FALSE)
