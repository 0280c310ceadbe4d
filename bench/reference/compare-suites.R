# Compares two forecast-suite outputs series by series: the geometric mean of the ratio of the model's 12-step MASE
# (second run over first), its paired t, and the counts the suite reports, over the series whose chosen season (and
# so MASE scale: the seasonal naive error at the season the model uses) is the same in both runs.
#
#   dotnet run -c Release --project tools/rnnlstm -- forecast-suite data/dev --no-net > before.txt
#   (change a default, rebuild)
#   dotnet run -c Release --project tools/rnnlstm -- forecast-suite data/dev --no-net > after.txt
#   Rscript bench/reference/compare-suites.R before.txt after.txt
read_table <- function(file) {
  lines <- readLines(file, warn = FALSE)
  rows <- grep("^\\| ", lines, value = TRUE)
  rows <- rows[!grepl("^\\| series \\|", rows)]
  cells <- lapply(strsplit(sub("^\\| ", "", rows), " \\| "), trimws)
  cells <- cells[vapply(cells, function(c) length(c) >= 12 && !is.na(suppressWarnings(as.numeric(c[5]))), logical(1))]
  data.frame(series = vapply(cells, `[`, "", 1), seed = vapply(cells, `[`, "", 2),
             m = as.integer(vapply(cells, `[`, "", 4)), model = as.numeric(vapply(cells, `[`, "", 5)),
             best = as.numeric(vapply(cells, `[`, "", 8)), stringsAsFactors = FALSE)
}
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) stop("usage: Rscript bench/reference/compare-suites.R FIRST.txt SECOND.txt")
a <- read_table(args[1]); b <- read_table(args[2])
both <- merge(a, b, by = c("series", "seed"), suffixes = c(".a", ".b"))
for (s in sort(unique(both$seed))) {
  d <- both[both$seed == s, ]
  same <- d[d$m.a == d$m.b, ]
  r <- log(same$model.b / same$model.a)
  t <- if (nrow(same) > 1 && sd(r) > 0) mean(r) / (sd(r) / sqrt(nrow(same))) else NA
  cat(sprintf("seed %s: %d series in both, %d with the same season%s\n", s, nrow(d), nrow(same),
              if (nrow(same) < nrow(d)) paste0(" (left out: ", paste(d$series[d$m.a != d$m.b], collapse = ", "), ")") else ""))
  cat(sprintf("  geometric mean of the 12-step MASE: %.4f -> %.4f; paired ratio %.3f, t = %+.2f\n",
              exp(mean(log(same$model.a))), exp(mean(log(same$model.b))), exp(mean(r)), t))
  cat(sprintf("  above 1.10x the best candidate: %d -> %d\n", sum(same$model.a > 1.1 * same$best.a), sum(same$model.b > 1.1 * same$best.b)))
  moved <- same[abs(r) > log(1.05), ]
  if (nrow(moved) > 0)
    cat(paste0("  moved by more than 5%: ", paste(sprintf("%s %.3f -> %.3f", moved$series, moved$model.a, moved$model.b), collapse = "; "), "\n"))
}
