namespace RnnLstm.Forecasting;

/// <summary>
/// A trained forecaster: the optional log, the base forecast and one or more <see cref="CorrectionNet"/>s (a seed
/// ensemble averages their corrections). û_t = b_t + mean_k s · net_k(x_t) in model units, then exp if logged.
/// </summary>
public sealed class HybridForecaster
{
    /// <summary>Wraps trained parts.</summary>
    public HybridForecaster(bool log, BaseForecaster baseForecast, IReadOnlyList<CorrectionNet> nets)
    {
        ArgumentNullException.ThrowIfNull(baseForecast);
        ArgumentNullException.ThrowIfNull(nets);
        if (nets.Count == 0) throw new ArgumentException("At least one net is needed.", nameof(nets));
        Log = log;
        Base = baseForecast;
        Nets = nets;
    }

    /// <summary>Whether the model works on log values.</summary>
    public bool Log { get; }
    /// <summary>The forecast the nets correct (in model units).</summary>
    public BaseForecaster Base { get; }
    /// <summary>The nets (several: a seed ensemble).</summary>
    public IReadOnlyList<CorrectionNet> Nets { get; }
    /// <summary>The first target index the model can forecast.</summary>
    public int Earliest => Base.Earliest + Nets[0].Shape.LookBack;

    /// <summary>The series in model units; throws, naming the index, when the log was chosen but a value is not positive.</summary>
    public double[] ToModelUnits(ReadOnlySpan<double> y) => ToUnits(Log, y);

    /// <summary>log(y) when <paramref name="log"/>, else a copy of y.</summary>
    public static double[] ToUnits(bool log, ReadOnlySpan<double> y)
    {
        var u = y.ToArray();
        if (!log) return u;
        for (int i = 0; i < u.Length; i++)
        {
            if (!(u[i] > 0))
            {
                throw new ArgumentException(
                    $"The log transform was chosen because every training value is positive, but value {i} (0-based) is {u[i]}: " +
                    "a later value breaks it. Forecast without the log (--no-log, or AllowLog = false).", nameof(y));
            }
            u[i] = Math.Log(u[i]);
        }
        return u;
    }

    /// <summary>One-step forecasts of <paramref name="y"/>[t] for each target, each from y[0..t) only, in the series' units.</summary>
    public double[] OneStep(ReadOnlySpan<double> y, int[] targets)
    {
        var u = ToModelUnits(y);
        var b = Base.OneStep(u);
        var correction = new double[targets.Length];
        foreach (var net in Nets)
        {
            var c = net.Corrections(u, b, targets);
            for (int k = 0; k < c.Length; k++) correction[k] += c[k] / Nets.Count;
        }
        return Forecasts(b, targets, correction);
    }

    /// <summary>
    /// The nets' input for each target, x [L, N, 2] time-major (what <see cref="CorrectionNet.Windows"/> builds and an
    /// exported net, <see cref="Export.OnnxExport.SaveEnsemble"/> of the <see cref="Nets"/>' models, reads as its input
    /// <c>x</c> [T = L, B = N, I = 2]): with u the series in model units and b the base's one-step forecasts,
    /// <code>
    /// x[j, k] = ((u_{t-L+j} - b_t) / s,  (u_{t-L+j} - b_{t-L+j}) / s),   t = targets[k],  j = 0..L-1
    /// </code>
    /// Each x reads y[0..t) only; a target may be y.Length (the value after the series).
    /// </summary>
    public float[] NetInput(ReadOnlySpan<double> y, int[] targets)
    {
        var (lookBack, scale) = SharedShape();
        CheckTargets(y.Length, targets);
        var u = ToModelUnits(y);
        return CorrectionNet.Windows(lookBack, scale, u, Base.OneStep(u), targets, timeMajor: true);
    }

    /// <summary>
    /// The forecasts, in the series' units, from the nets' mean output z (one value per target, e.g. an exported
    /// ensemble's <c>y</c> [N, 1] for <see cref="NetInput"/>'s x): ŷ_t = b_t + s · z_t, then exp if logged. With the
    /// nets' own outputs this is <see cref="OneStep"/>.
    /// </summary>
    public double[] FromNetOutput(ReadOnlySpan<double> y, int[] targets, ReadOnlySpan<float> netOutput)
    {
        var (_, scale) = SharedShape();
        CheckTargets(y.Length, targets);
        if (netOutput.Length != targets.Length)
            throw new ArgumentException($"{netOutput.Length} net outputs for {targets.Length} targets: one per target is needed.", nameof(netOutput));
        var b = Base.OneStep(ToModelUnits(y));
        var correction = new double[targets.Length];
        for (int k = 0; k < correction.Length; k++) correction[k] = scale * netOutput[k];
        return Forecasts(b, targets, correction);
    }

    private double[] Forecasts(double[] b, int[] targets, double[] correction) =>
        targets.Select((t, k) => FromUnits(b[t] + correction[k])).ToArray();

    /// <summary>The look-back and scale every net shares (one x feeds them all).</summary>
    private (int LookBack, double Scale) SharedShape()
    {
        var (lookBack, scale) = (Nets[0].Shape.LookBack, Nets[0].Scale);
        if (Nets.Any(n => n.Shape.LookBack != lookBack || n.Scale != scale))
            throw new InvalidOperationException("The nets differ in look-back or scale, so no single input x feeds them all.");
        return (lookBack, scale);
    }

    private void CheckTargets(int count, int[] targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        foreach (int t in targets)
            if (t < Earliest || t > count)
                throw new ArgumentOutOfRangeException(nameof(targets), t, $"A target must be from {Earliest} (the first the model can forecast) to {count} (the value after the series).");
    }

    /// <summary>The forecast of the value after <paramref name="y"/> (what <see cref="Backtest.Recursive"/> feeds back).</summary>
    public double Next(double[] y)
    {
        var u = ToModelUnits(y);
        var b = Base.OneStep(u);
        var extended = new double[u.Length + 1];
        u.CopyTo(extended, 0); // extended[^1] is the value being forecast: never read (inputs end at t - 1)
        double correction = 0;
        foreach (var net in Nets) correction += net.Corrections(extended, b, [u.Length])[0] / Nets.Count;
        return FromUnits(b[u.Length] + correction);
    }

    private double FromUnits(double v) => Log ? Math.Exp(v) : v;

    /// <summary>e.g. "log, Holt-Winters + LSTM(8), look-back 12, 3 seeds".</summary>
    public override string ToString() =>
        $"{(Log ? "log, " : "")}{Base.Name} + {Nets[0].Shape}{(Nets.Count > 1 ? $", {Nets.Count} seeds" : "")}";
}
