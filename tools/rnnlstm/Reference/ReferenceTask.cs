namespace RnnLstm.Cli.Reference;

/// <summary>One series for the R reference: what to fit on and where to forecast from.</summary>
/// <param name="Id">Name of the series (no commas or quotes needed; it is quoted in the CSV).</param>
/// <param name="SeasonLength">m, the ts frequency R is given (1: none).</param>
/// <param name="Values">The whole series, oldest first.</param>
/// <param name="TrainCount">How many leading values each method is fitted on.</param>
/// <param name="Origins">0-based index of the last value each forecast may use (e.g. <c>Backtest.Origins</c>).</param>
/// <param name="Horizon">H: steps forecast from every origin.</param>
/// <param name="Levels">Interval levels in percent, e.g. [80, 95].</param>
public sealed record ReferenceTask(string Id, int SeasonLength, double[] Values, int TrainCount, int[] Origins, int Horizon, int[] Levels)
{
    /// <summary>Throws, naming the task and the field, when the task cannot be run.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Id)) throw new ArgumentException("A reference task needs a series id.");
        if (SeasonLength < 1) throw new ArgumentException($"Task '{Id}': the season length must be at least 1; it is {SeasonLength}.");
        if (TrainCount < 3 || TrainCount > Values.Length) throw new ArgumentException($"Task '{Id}': the training count {TrainCount} must be within 3..{Values.Length} (the number of values).");
        if (Horizon < 1) throw new ArgumentException($"Task '{Id}': the horizon must be at least 1; it is {Horizon}.");
        if (Levels.Length == 0 || Levels.Any(l => l <= 0 || l >= 100)) throw new ArgumentException($"Task '{Id}': interval levels must be percentages in (0, 100); they are [{string.Join(", ", Levels)}].");
        foreach (int o in Origins)
            if (o < TrainCount - 1 || o >= Values.Length) throw new ArgumentException($"Task '{Id}': origin {o} is outside {TrainCount - 1}..{Values.Length - 1} (from the last training index to the last value).");
        if (Values.Any(v => !double.IsFinite(v))) throw new ArgumentException($"Task '{Id}': the values must all be finite.");
    }
}

/// <summary>One method's forecast from one origin, as R computed it.</summary>
/// <param name="Id">The series (<see cref="ReferenceTask.Id"/>).</param>
/// <param name="Method">"ets", "arima" or "thetaf".</param>
/// <param name="Origin">0-based index of the last value the forecast used.</param>
/// <param name="Mean">Point forecasts [H], step 1 at index 0.</param>
/// <param name="Levels">The interval levels in percent, in the order of <paramref name="Lower"/> and <paramref name="Upper"/>.</param>
/// <param name="Lower">[level][H] lower bounds.</param>
/// <param name="Upper">[level][H] upper bounds.</param>
public sealed record ReferenceForecast(string Id, string Method, int Origin, double[] Mean, int[] Levels, double[][] Lower, double[][] Upper);

/// <summary>What R fitted on a training part.</summary>
/// <param name="Id">The series (<see cref="ReferenceTask.Id"/>).</param>
/// <param name="Method">"ets", "arima" or "thetaf".</param>
/// <param name="Model">R's name of the fit, e.g. "ETS(M,Ad,M)" or "ARIMA(0,1,1)(0,1,1)[12]".</param>
/// <param name="Aicc">The fit's AICc (NaN for thetaf).</param>
/// <param name="Alpha">α of an ETS fit (NaN otherwise).</param>
/// <param name="Beta">β of an ETS fit with a trend (NaN otherwise).</param>
/// <param name="Gamma">γ of a seasonal ETS fit (NaN otherwise).</param>
/// <param name="Phi">φ of a damped ETS fit (NaN otherwise).</param>
public sealed record ReferenceModel(string Id, string Method, string Model, double Aicc, double Alpha, double Beta, double Gamma, double Phi);

/// <summary>Everything one run of the R script returned.</summary>
/// <param name="Forecasts">Per series, method and origin.</param>
/// <param name="Models">Per series and method, the fit on the training part.</param>
/// <param name="Versions">e.g. "R version 4.2.2 Patched (2022-11-10 r83330), forecast 8.20".</param>
public sealed record ReferenceResult(IReadOnlyList<ReferenceForecast> Forecasts, IReadOnlyList<ReferenceModel> Models, string Versions);
