using RnnLstm.Models;

namespace RnnLstm.Tasks;

/// <summary>What <see cref="MackeyGlass.EchoStateForecast"/> measured.</summary>
/// <param name="Truth">The series after the training part, [Horizon].</param>
/// <param name="Generated">The network's free-running continuation of the same steps, [Horizon].</param>
/// <param name="OneStepNrmse">NRMSE of one-step-ahead predictions (teacher-forced) on the training part after the washout.</param>
/// <param name="Nrmse84">NRMSE of the generated value 84 steps after the training part, over the trials (the classic benchmark's horizon).</param>
/// <param name="Nrmse84Trials">How many starting points the 84-step figure averages over.</param>
public sealed record EchoStateForecastResult(double[] Truth, double[] Generated, double OneStepNrmse, double Nrmse84, int Nrmse84Trials);

/// <summary>
/// The Mackey–Glass delay differential equation (Mackey &amp; Glass 1977), with τ = 17 the standard chaotic benchmark of
/// echo state networks (Jaeger &amp; Haas 2004): dx/dt = β x(t - τ) / (1 + x(t - τ)ⁿ) - γ x(t), β = 0.2, γ = 0.1, n = 10.
/// </summary>
public static class MackeyGlass
{
    /// <summary>
    /// <paramref name="length"/> samples, one per time unit, after discarding the first <paramref name="transient"/>
    /// (the start from a constant history x = 1.2). Integrated by Euler steps of 1/<paramref name="substeps"/> with the
    /// delayed value read from the stored fine-grained history.
    /// </summary>
    public static double[] Series(int length, double tau = 17, int transient = 500, int substeps = 10)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        ArgumentOutOfRangeException.ThrowIfNegative(transient);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(substeps);
        if (!(tau > 0) || double.IsInfinity(tau)) throw new ArgumentOutOfRangeException(nameof(tau), tau, "tau must be positive and finite.");
        const double Beta = 0.2, Gamma = 0.1, Power = 10, Start = 1.2;
        double dt = 1.0 / substeps;
        int delay = (int)Math.Round(tau * substeps), total = (length + transient) * substeps;
        var x = new double[delay + total + 1];
        for (int i = 0; i <= delay; i++) x[i] = Start;                 // constant history on [-τ, 0]
        for (int i = delay; i < delay + total; i++)
        {
            double lagged = x[i - delay];
            x[i + 1] = x[i] + dt * (Beta * lagged / (1 + Math.Pow(lagged, Power)) - Gamma * x[i]);
        }
        var series = new double[length];
        for (int k = 0; k < length; k++) series[k] = x[delay + (transient + k + 1) * substeps];
        return series;
    }

    /// <summary>
    /// The echo state network at what it is good at: fit the readout one step ahead on <paramref name="trainSteps"/>
    /// samples of the series (input x_t minus the series mean, target the same at t + 1; washout from the options),
    /// then let it run freely from the end of the training part for <paramref name="horizon"/> steps, its output fed
    /// back as its input. The 84-step error is measured from <paramref name="trials"/> starting points after the
    /// training part, each warmed up by the true series before it, and normalized by the series' standard deviation.
    /// </summary>
    public static EchoStateForecastResult EchoStateForecast(EchoStateOptions options, int seed, int trainSteps = 2000, int horizon = 300, int trials = 20)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizon);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(trials);
        const int Horizon84 = 84, Stride = 50, Warmup = 500;
        if (trainSteps <= options.Washout + 1) throw new ArgumentOutOfRangeException(nameof(trainSteps), trainSteps, $"trainSteps must exceed the washout ({options.Washout}) + 1.");
        int length = trainSteps + Math.Max(horizon, (trials - 1) * Stride + Horizon84) + 1;
        var raw = MackeyGlass.Series(length);
        double mean = raw.Average(), std = Math.Sqrt(raw.Select(v => (v - mean) * (v - mean)).Average());
        var u = raw.Select(v => v - mean).ToArray();

        var esn = new EchoStateNetwork(1, 1, options, seed);
        esn.FitSeries(u.AsSpan(0, trainSteps), u.AsSpan(1, trainSteps), trainSteps);
        var oneStep = esn.Readout(esn.SeriesStates(u.AsSpan(0, trainSteps), trainSteps), trainSteps);
        double sse = 0;
        for (int t = options.Washout; t < trainSteps; t++) sse += (oneStep[t] - u[t + 1]) * (oneStep[t] - u[t + 1]);
        double oneStepNrmse = Math.Sqrt(sse / (trainSteps - options.Washout)) / std;

        var generated = esn.Generate(u.AsSpan(0, trainSteps), trainSteps, horizon);
        double sse84 = 0;
        for (int k = 0; k < trials; k++)
        {
            int from = trainSteps + k * Stride, start = Math.Max(0, from - Warmup);   // warm up on the true series up to here, then run free
            var run = esn.Generate(u.AsSpan(start, from - start), from - start, Horizon84);
            double e = run[Horizon84 - 1] - u[from + Horizon84 - 1];
            sse84 += e * e;
        }
        return new EchoStateForecastResult(
            raw.AsSpan(trainSteps, horizon).ToArray(), generated.Select(v => v + mean).ToArray(),
            oneStepNrmse, Math.Sqrt(sse84 / trials) / std, trials);
    }
}
