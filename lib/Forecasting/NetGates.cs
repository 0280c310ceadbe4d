using RnnLstm.Cells;
using RnnLstm.Models;

namespace RnnLstm.Forecasting;

/// <summary>LSTM gate activations and cell state, [unit, window], for each window's last step (TargetIndices: the first value each window's forecast is for; TargetDates: the date of each window's last value).</summary>
public sealed record GateActivations(int[] TargetIndices, DateTime[]? TargetDates, double[,] Input, double[,] Forget, double[,] Output, double[,] Cell);

/// <summary>Reads what an LSTM-family net's first layer does at the last step of each window.</summary>
public static class NetGates
{
    /// <summary>
    /// Runs <paramref name="model"/> on <paramref name="x"/> [T, N, I] and returns, per window n, the gates and the
    /// cell state at its last step (column n: the cell's state of mind when forecasting <paramref name="targets"/>[n]).
    /// Null for cells without these gates (Elman, GRU).
    /// </summary>
    public static GateActivations? Read(SequenceModel<float> model, float[] x, int steps, int count, int[] targets, DateTime[]? dates)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Layers[0].Cell is not LstmCell<float> lstm) return null;
        int N = count, H = lstm.HiddenSize, T = steps;
        model.Forward(x, T, N);
        var layer = model.Layers[0];
        var cache = layer.StepCache(T - 1);
        var input = new double[H, N]; var forget = new double[H, N]; var output = new double[H, N]; var cell = new double[H, N];
        var c = layer.CellStates.Slice(T * N * H, N * H); // c_T for every window
        for (int n = 0; n < N; n++)
        {
            var (i, f, _, o) = lstm.ReadGates(cache, N, n);
            for (int j = 0; j < H; j++) (input[j, n], forget[j, n], output[j, n], cell[j, n]) = (i[j], f[j], o[j], c[n * H + j]);
        }
        return new GateActivations(targets, dates, input, forget, output, cell);
    }

    /// <summary>The gates of the report's first net at its last 400 origins (at most), training and test part.</summary>
    public static GateActivations? Read(ForecastReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var model = report.Model;
        if (model.Nets.Count == 0) return null;
        var net = model.Nets[0];
        var y = Array.ConvertAll(report.Series.Values, v => v / report.InternalScale);
        int first = Math.Max(model.Earliest - 1, report.Series.Count - 400);
        var origins = Enumerable.Range(first, report.Series.Count - first).ToArray();
        var paths = origins.Select(o => model.Base.Forecast(y.AsSpan(0, o + 1), 1)).ToArray();
        var x = DirectNet.Windows(net.Shape.LookBack, net.Scale, y, origins, paths);
        var targets = Array.ConvertAll(origins, o => o + 1);
        return Read(net.Model, x, net.Shape.LookBack, origins.Length, targets, report.Series.Dates is { } d ? origins.Select(o => d[o]).ToArray() : null);
    }
}
