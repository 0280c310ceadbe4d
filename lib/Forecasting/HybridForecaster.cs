using RnnLstm.Forecasting.Models;

namespace RnnLstm.Forecasting;

/// <summary>
/// The forecaster <see cref="Forecaster.Run"/> chooses: a statistical forecaster (one method or a combination) and,
/// when cross-validation showed that it helps, a seed ensemble of <see cref="DirectNet"/>s that corrects its whole
/// H-step path: ŷ_{o+h} = p_h + (1/K) Σ_k s · net_k(x)_h. The nets are kept even when they are not used, so that
/// the report can say what they would have done.
/// </summary>
public sealed class HybridForecaster : IFittedForecaster
{
    /// <summary>Wraps fitted parts.</summary>
    /// <param name="baseForecaster">The statistical forecaster whose path the nets correct.</param>
    /// <param name="nets">The trained nets (may be empty: the series was too short to train any).</param>
    /// <param name="useNet">Whether the forecasts include the nets' corrections.</param>
    public HybridForecaster(IFittedForecaster baseForecaster, IReadOnlyList<DirectNet> nets, bool useNet)
    {
        Base = baseForecaster ?? throw new ArgumentNullException(nameof(baseForecaster));
        Nets = nets ?? throw new ArgumentNullException(nameof(nets));
        if (useNet && nets.Count == 0) throw new ArgumentException("The net cannot be used when none was trained.", nameof(useNet));
        if (nets.Any(n => n.Shape != nets[0].Shape || n.Scale != nets[0].Scale || n.Horizon != nets[0].Horizon))
            throw new ArgumentException("The nets of an ensemble must share their shape, scale and horizon (one input feeds them all).", nameof(nets));
        UseNet = useNet;
    }

    /// <summary>The statistical forecaster (the model "without the net").</summary>
    public IFittedForecaster Base { get; }
    /// <summary>The nets (a seed ensemble), used only when <see cref="UseNet"/>.</summary>
    public IReadOnlyList<DirectNet> Nets { get; }
    /// <summary>Whether the nets' corrections are part of the forecast.</summary>
    public bool UseNet { get; }
    /// <summary>The first forecast index the nets can serve (their look-back), 0 without nets.</summary>
    public int Earliest => Nets.Count > 0 ? Nets[0].Shape.LookBack : 0;

    /// <inheritdoc/>
    public string Description => ToString();

    /// <inheritdoc/>
    public double[] Forecast(ReadOnlySpan<double> history, int horizon) => Paths(history.ToArray(), [history.Length - 1], horizon, UseNet)[0];

    /// <summary>
    /// The paths of <paramref name="horizon"/> steps from each origin, with or without the nets (the nets serve
    /// horizons up to the one they were trained for; beyond it and before <see cref="Earliest"/> the base path is used).
    /// </summary>
    public double[][] Paths(double[] y, int[] origins, int horizon, bool withNet)
    {
        var paths = origins.Select(o => Base.Forecast(y.AsSpan(0, o + 1), horizon)).ToArray();
        if (!withNet || Nets.Count == 0 || horizon > Nets[0].Horizon) return paths;
        var served = origins.Select((o, k) => (o, k)).Where(p => p.o + 1 >= Earliest).ToArray();
        if (served.Length == 0) return paths;
        var servedOrigins = served.Select(p => p.o).ToArray();
        var full = servedOrigins.Select(o => Base.Forecast(y.AsSpan(0, o + 1), Nets[0].Horizon)).ToArray();
        var mean = new double[served.Length][];
        foreach (var net in Nets)
        {
            var c = net.Correct(y, servedOrigins, full);
            for (int k = 0; k < served.Length; k++)
            {
                mean[k] ??= new double[horizon];
                for (int h = 0; h < horizon; h++) mean[k][h] += c[k][h] / Nets.Count;
            }
        }
        for (int k = 0; k < served.Length; k++) paths[served[k].k] = mean[k];
        return paths;
    }

    /// <summary>
    /// The nets' input for forecasts that start at each of <paramref name="targets"/> (t = origin + 1; t may be
    /// y.Length, the value after the series): x [L, N, 1] time-major, what an exported net (<see cref="Export.OnnxExport.SaveEnsemble"/>
    /// of the nets' models) reads as <c>x</c>. x[j, k] = (y[t_k - L + j] - p_{k,1}) / s with p the base path from t_k - 1.
    /// </summary>
    public float[] NetInput(ReadOnlySpan<double> y, int[] targets)
    {
        var (values, origins, full) = NetParts(y, targets);
        return DirectNet.Windows(Nets[0].Shape.LookBack, Nets[0].Scale, values, origins, full);
    }

    /// <summary>
    /// The corrected paths (H = the nets' horizon) from the nets' mean output z [N, H] (e.g. an exported ensemble's
    /// <c>y</c> for <see cref="NetInput"/>'s x): ŷ_{t-1+h} = p_h + s · z_h. With the nets' own outputs this is
    /// <see cref="Paths"/> with the net.
    /// </summary>
    public double[][] FromNetOutput(ReadOnlySpan<double> y, int[] targets, ReadOnlySpan<float> netOutput)
    {
        var (_, origins, full) = NetParts(y, targets);
        return Nets[0].FromOutput(origins.Length, full, netOutput);
    }

    private (double[] Values, int[] Origins, double[][] Paths) NetParts(ReadOnlySpan<double> y, int[] targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (Nets.Count == 0) throw new InvalidOperationException("This forecaster has no nets (the series was too short to train them).");
        foreach (int t in targets)
            if (t < Earliest || t > y.Length)
                throw new ArgumentOutOfRangeException(nameof(targets), t, $"A target must be from {Earliest} (the nets' look-back) to {y.Length} (the value after the series).");
        var values = y.ToArray();
        var origins = Array.ConvertAll(targets, t => t - 1);
        return (values, origins, origins.Select(o => Base.Forecast(values.AsSpan(0, o + 1), Nets[0].Horizon)).ToArray());
    }

    /// <summary>e.g. "mean of ETS(A,Ad,M), Theta + LSTM(8), look-back 12, 3 seeds" or "Holt-Winters (net not used)".</summary>
    public override string ToString() => Base.Description +
        (Nets.Count == 0 ? "" : UseNet ? $" + direct {Nets[0].Shape}{(Nets.Count > 1 ? $", {Nets.Count} seeds" : "")}" : " (net not used)");
}
