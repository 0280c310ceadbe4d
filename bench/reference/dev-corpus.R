# Writes the development corpus data/dev/*.csv: real public series from R packages (datasets, forecast, tseries,
# AER, strucchange, lmtest; Debian: r-base-core r-cran-forecast r-cran-tseries r-cran-aer r-cran-strucchange
# r-cran-lmtest) that are not in data/examples. The forecaster's defaults are compared on these (their test parts
# included) so that data/examples' test parts stay unread while a default is chosen.
#
#   Rscript bench/reference/dev-corpus.R [OUTDIR]        # default data/dev
#
# Each file is date,value like data/examples (R's dates are the first day of each period), or one column without
# dates where R's time index is not a calendar (trading days, 260 a year). Missing values are left empty; a leading
# run of missing values is dropped.
suppressPackageStartupMessages({ library(forecast); library(tseries) })
args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args) >= 1) args[1] else "data/dev"
dir.create(out, showWarnings = FALSE, recursive = TRUE)

get_data <- function(name, package) {
  found <- tryCatch(getExportedValue(package, name), error = function(e) NULL)
  if (!is.null(found)) return(found)
  e <- new.env(); data(list = name, package = package, envir = e); get(name, envir = e)
}

period_dates <- function(x) {
  f <- frequency(x); t0 <- start(x)
  n <- length(x)
  if (f == 1) return(sprintf("%04d-01-01", t0[1] + seq_len(n) - 1))
  if (f %in% c(4, 12)) {
    step <- 12 / f
    months <- (t0[2] - 1) * step + (seq_len(n) - 1) * step
    year <- t0[1] + months %/% 12
    return(sprintf("%04d-%02d-01", year, months %% 12 + 1))
  }
  stop("no calendar for frequency ", f)
}

write_series <- function(file, x, column, dates = TRUE, date_strings = NULL) {
  v <- as.numeric(x)
  d <- if (!is.null(date_strings)) date_strings else if (dates) period_dates(x) else NULL
  first <- which(!is.na(v))[1]
  keep <- first:length(v)
  v <- v[keep]
  cells <- ifelse(is.na(v), "", format(v, digits = 10, trim = TRUE, scientific = FALSE))
  lines <- if (is.null(d)) c(column, cells) else c(paste0("date,", column), paste0(d[keep], ",", cells))
  writeLines(lines, file.path(out, paste0(file, ".csv")))
  cat(sprintf("%-28s %6d values\n", file, length(v)))
}

# R's datasets
write_series("bj_sales", get_data("BJsales", "datasets"), "sales")
eu <- get_data("EuStockMarkets", "datasets")
write_series("smi_close", eu[, "SMI"], "smi", dates = FALSE)
write_series("ftse_close", eu[, "FTSE"], "ftse", dates = FALSE)
sb <- get_data("Seatbelts", "datasets")
write_series("uk_front_seat_casualties", sb[, "front"], "front")
write_series("uk_rear_seat_casualties", sb[, "rear"], "rear")
write_series("uk_distance_driven", sb[, "kms"], "kms")
write_series("uk_petrol_price", sb[, "PetrolPrice"], "petrol_price")
write_series("discoveries", get_data("discoveries", "datasets"), "discoveries")
write_series("uk_lung_deaths_male", get_data("mdeaths", "datasets"), "deaths")
write_series("uk_lung_deaths_female", get_data("fdeaths", "datasets"), "deaths")
write_series("luteinizing_hormone", get_data("lh", "datasets"), "lh", dates = FALSE)
write_series("new_haven_temp", get_data("nhtemp", "datasets"), "temp")
write_series("presidents_approval", get_data("presidents", "datasets"), "approval")
write_series("tree_ring_width", get_data("treering", "datasets"), "width", dates = FALSE)
# the forecast package's data
write_series("australian_gas", get_data("gas", "forecast"), "gas")
write_series("gold_price", get_data("gold", "forecast"), "price", dates = FALSE)
write_series("australian_wine_sales", get_data("wineind", "forecast"), "sales")
write_series("australian_wool", get_data("woolyrnq", "forecast"), "tonnes")
taylor <- get_data("taylor", "forecast")   # half-hourly electricity demand, England and Wales, from Monday 5 June 2000
stamps <- format(as.POSIXct("2000-06-05 00:00:00", tz = "UTC") + 1800 * (seq_along(taylor) - 1), "%Y-%m-%d %H:%M:%S")
write_series("electricity_half_hourly", taylor, "megawatts", date_strings = stamps)
# tseries' data
write_series("beveridge_wheat_price", get_data("bev", "tseries"), "index")
ice <- get_data("ice.river", "tseries")    # daily, Iceland, from 1 January 1972 (365 values a year)
days <- format(as.Date("1972-01-01") + seq_len(nrow(ice)) - 1, "%Y-%m-%d")
write_series("jokulsa_river_flow", ice[, "flow.jok"], "flow", date_strings = days)
write_series("iceland_daily_temp", ice[, "temp"], "temp", date_strings = days)
np <- get_data("NelPlo", "tseries")
for (col in c("ip", "cpi", "unemp", "stock.prices", "real.wages", "int.rate")) {
  x <- np[, col]
  write_series(paste0("us_annual_", gsub(".", "_", col, fixed = TRUE)), x, gsub(".", "_", col, fixed = TRUE))
}
nino <- get_data("nino", "tseries")
write_series("nino34_sst", nino[, "nino3.4"], "sst")
tcm <- get_data("tcm", "tseries")
write_series("us_treasury_10y", tcm[, "tcm10y"], "yield")
use <- get_data("USeconomic", "tseries")
write_series("us_gnp_log", use[, "log(GNP)"], "log_gnp")
write_series("us_short_rate", use[, "rs"], "rate")
# A second batch (2026-12-07), so that a default is not chosen on a few dozen series: AER, strucchange and lmtest
# (econometrics textbooks' data), more of tseries and R's datasets. Weekly and four-weekly series, and series whose R
# index is not a calendar year, have no date column. Left out: AER's ArgentinaCPI (hyperinflation: the test part's
# values are up to 10^4 times the training part's, every method's 12-step MASE is above 48,000, and it swamps every
# mean of the suite).
aer <- function(name) get_data(name, "AER")
write_series("us_corporate_bond_yield", aer("BondYield"), "yield")
write_series("dow_jones_weekly", aer("DJFranses"), "index", dates = FALSE)
write_series("dutch_tv_advertising", aer("DutchAdvert")[, "tv"], "tv", dates = FALSE)
write_series("dutch_retail_sales", aer("DutchSales"), "sales")
write_series("frozen_orange_juice_price", aer("FrozenJuice")[, "price"], "price")
write_series("german_unemployment", aer("GermanUnemployment")[, "unadjusted"], "unemployment")
write_series("mark_pound_returns", aer("MarkPound"), "returns", dates = FALSE)
write_series("mark_dollar_returns", aer("MarkDollar"), "returns", dates = FALSE)
write_series("motorcycle_deaths", aer("MotorCycles2"), "deaths")
write_series("orange_county_employment", aer("OrangeCounty")[, "employment"], "employment")
write_series("black_pepper_price", aer("PepperPrice")[, "black"], "price")
write_series("uk_nondurables", aer("UKNonDurables"), "consumption")
write_series("us_gdp_quarterly", aer("USMacroG")[, "gdp"], "gdp")
write_series("us_m1_quarterly", aer("USMacroG")[, "m1"], "m1")
write_series("us_unemployment_quarterly", aer("USMacroSW")[, "unemp"], "unemployment")
write_series("us_industrial_production_monthly", aer("USMacroSWM")[, "production"], "production")
write_series("us_oil_price_index", aer("USMacroSWM")[, "oil"], "oil")
write_series("us_production_index", aer("USProdIndex")[, "unadjusted"], "index")
write_series("us_stock_dividends", aer("USStocksSW")[, "dividend"], "dividend")
write_series("consumer_good_price", aer("ConsumerGood")[, "price"], "price", dates = FALSE)
sc <- function(name) get_data(name, "strucchange")
write_series("us_durables_expenditure", sc("durab")[, "y"], "expenditure")
write_series("us_real_interest_rate", sc("RealInt"), "rate")
write_series("us_personal_expenditure", sc("USIncExp")[, "expenditure"], "expenditure")
write_series("uk_unemployment_annual", sc("PhillipsCurve")[, "u"], "unemployment")
lt <- function(name) get_data(name, "lmtest")
write_series("female_basal_temperature", lt("ftemp"), "temp", dates = FALSE)
write_series("us_fed_funds_rate", lt("fyff")[, "y"], "rate")
write_series("us_commodity_prices", lt("jocci")[, "y"], "index")
write_series("us_unemployment_rate_monthly", lt("lhur")[, "y"], "rate")
write_series("us_unemployment_annual", lt("unemployment")[, "UN"], "unemployment")
write_series("mount_campito_tree_ring", get_data("camp", "tseries"), "width", dates = FALSE)
write_series("vatnsdalsa_river_flow", ice[, "flow.vat"], "flow", date_strings = days)
write_series("iceland_daily_precipitation", ice[, "prec"], "precipitation", date_strings = days)
write_series("beaver1_temperature", get_data("beaver1", "datasets")$temp, "temp", dates = FALSE)
write_series("beaver2_temperature", get_data("beaver2", "datasets")$temp, "temp", dates = FALSE)
write_series("cac_close", eu[, "CAC"], "cac", dates = FALSE)
