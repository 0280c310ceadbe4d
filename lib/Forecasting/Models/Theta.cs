using System.Globalization;

namespace RnnLstm.Forecasting.Models;

/// <summary>
/// The Theta method of Assimakopoulos and Nikolopoulos (2000) in the form of Hyndman and Billah (2003), as forecast's
/// <c>thetaf</c>: simple exponential smoothing with a drift of half the slope of the fitted straight line, on the
/// seasonally adjusted series when a season is found.
/// </summary>
/// <remarks>
/// <code>
/// seasonal  ⇔  m &gt; 1, n &gt; 2m, y not constant, y all positive, |r_m| / sqrt((1 + 2 Σ_{k&lt;m} r_k²)/n) &gt; 1.645
/// x_t       = y_t / S_{t mod m}        (classical multiplicative decomposition; x = y without a season)
/// ŷ_{n+h}   = [ SES_n + b (h - 1 + (1 - (1 - α)^n)/α) ] · S_{(n+h-1) mod m},   b = ½ · slope of x on t
/// </code>
/// SES is ETS(A,N,N) fitted by likelihood (α and l₀), the r_k the autocorrelations of y (the 90% test of thetaf).
/// A fitted Theta forecasts from any history with α, l₀, b and S fixed (R's thetaf refits at every call).
/// </remarks>
public sealed class Theta : IForecastMethod
{
    /// <summary>z of the one-sided 90% seasonality test (qnorm(0.95)).</summary>
    public const double SeasonalityZ = 1.6448536269514722;

    /// <inheritdoc/>
    public string Name => "Theta";

    /// <inheritdoc/>
    public IFittedForecaster Fit(ReadOnlySpan<double> y, int seasonLength) => FitModel(y, seasonLength);

    /// <summary>As <see cref="Fit"/>, typed.</summary>
    public ThetaModel FitModel(ReadOnlySpan<double> y, int seasonLength)
    {
        if (y.IsEmpty) throw new ArgumentException("Theta needs at least one value.", nameof(y));
        ArgumentOutOfRangeException.ThrowIfLessThan(seasonLength, 1);
        for (int t = 0; t < y.Length; t++)
            if (!double.IsFinite(y[t])) throw new ArgumentException($"Value {t} is {y[t]}; Theta needs finite values.", nameof(y));
        int n = y.Length, m = seasonLength;
        double[]? figure = null;
        string seasonNote;
        if (m > 1 && n > 2 * m && !EtsAuto.IsConstant(y) && EtsAuto.Positive(y))
        {
            var r = SeasonDetection.Autocorrelation(y, m);
            double sum = 0;
            for (int k = 1; k < m; k++) sum += r[k] * r[k];
            double statistic = Math.Abs(r[m]) / Math.Sqrt((1 + 2 * sum) / n);
            if (statistic > SeasonalityZ)
            {
                figure = ClassicalDecomposition.SeasonalFigure(y, m, DecompositionType.Multiplicative);
                if (figure.Any(s => Math.Abs(s) < 1e-4)) figure = null;
            }
            var c = CultureInfo.InvariantCulture;
            seasonNote = figure is null
                ? string.Create(c, $"not seasonal: |r_{m}| test {statistic:0.00} ≤ {SeasonalityZ:0.000}")
                : string.Create(c, $"seasonally adjusted, m = {m}: |r_{m}| test {statistic:0.00}");
        }
        else seasonNote = m > 1 ? $"not seasonal: the test needs m > 1, n > 2m and positive, non-constant values (n = {n}, m = {m})" : "no season";
        var x = Adjust(y, figure);
        // SES is ETS(A,N,N) as thetaf's ses(); EtsAuto handles what is constant or too short for that fit.
        var ann = new EtsSpec(EtsError.Additive, EtsTrend.None, EtsSeason.None);
        var ses = x.Length >= EtsFit.MinimumLength(ann) && !EtsAuto.IsConstant(x) ? EtsFit.Fit(ann, x) : EtsAuto.Select(x, 1);
        double drift = EtsInitialState.LineFit(x).Slope / 2;
        return new ThetaModel(ses, drift, figure, m, seasonNote);
    }

    internal static double[] Adjust(ReadOnlySpan<double> y, double[]? figure)
    {
        var x = y.ToArray();
        if (figure is not null) for (int t = 0; t < x.Length; t++) x[t] /= figure[t % figure.Length];
        return x;
    }
}

/// <summary>A fitted <see cref="Theta"/>: the SES model of the adjusted series, the drift b and the seasonal figure S (null without a season).</summary>
public sealed record ThetaModel(EtsModel Ses, double Drift, double[]? SeasonalFigure, int SeasonLength, string SeasonNote) : IFittedForecaster
{
    /// <inheritdoc/>
    public string Description => string.Create(CultureInfo.InvariantCulture,
        $"Theta ({SeasonNote}; SES α {Ses.Parameters.Alpha:0.0000}, drift {Drift:G4} per step)");

    /// <inheritdoc/>
    public double[] Forecast(ReadOnlySpan<double> history, int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(horizon);
        if (history.IsEmpty) throw new ArgumentException("A Theta forecast needs at least one value of history.", nameof(history));
        if (SeasonalFigure is not null)
            foreach (double v in history)
                if (!(v > 0)) return Persistence(history, horizon);
        var x = Theta.Adjust(history, SeasonalFigure);
        var f = Ses.Forecast(x, horizon);
        int n = history.Length;
        double alpha = Math.Max(1e-10, Ses.Parameters.Alpha), start = (1 - Math.Pow(1 - alpha, n)) / alpha;
        for (int h = 0; h < horizon; h++)
        {
            f[h] += Drift * (h + start);
            if (SeasonalFigure is not null) f[h] *= SeasonalFigure[(n + h) % SeasonalFigure.Length];
        }
        return f.All(double.IsFinite) ? f : Persistence(history, horizon);
    }

    private static double[] Persistence(ReadOnlySpan<double> history, int horizon)
    {
        var f = new double[horizon];
        Array.Fill(f, history[^1]);
        return f;
    }
}
