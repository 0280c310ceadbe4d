using System.Text.Json;
using RnnLstm.Cells;
using RnnLstm.Models;
using RnnLstm.Numerics;
using Xunit.Abstractions;

namespace RnnLstm.Tests.Oracle;

/// <summary>
/// Our cells against PyTorch (through TorchSharp), like llm.c's test against a PyTorch dump: the golden file holds,
/// for nn.LSTM, nn.GRU and nn.RNN(tanh) in float64 at fixed seeds, the weights, input, initial states, outputs, final
/// states and the gradient of L = Σ output⊙R + Σ h_n⊙Rh (+ Σ c_n⊙Rc) with respect to every parameter, the input and
/// the initial states. Regenerate it with <c>dotnet run -c Release --project bench/RnnLstm.Bench -- golden</c>; this
/// test needs no TorchSharp.
/// </summary>
/// <remarks>
/// <para>Weight mapping: U = weight_ih, V = weight_hh, b = bias_ih + bias_hh, except the GRU's n rows, where b_n =
/// bias_ih[n] and bHn = bias_hh[n] (PyTorch keeps b_hn inside r ⊙ (W_hn h + b_hn)). Because our b is the sum of the
/// two, dL/db = dL/dbias_ih = dL/dbias_hh on every row both biases enter alike, and both are checked.</para>
/// <para>Error measure per tensor: max|ours - torch| / max(max|torch|, 1e-8). Relative to the tensor's scale, so a
/// tiny entry next to large ones is judged by the tensor's size, and an all-tiny tensor is judged absolutely at 1e-8
/// (never divided by a near-zero number).</para>
/// </remarks>
public class TorchOracleTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-9;

    private static readonly Lazy<JsonDocument> Golden = new(() =>
        JsonDocument.Parse(File.ReadAllText(FindGolden())));

    public static TheoryData<int, string> Cases()
    {
        var data = new TheoryData<int, string>();
        int index = 0;
        foreach (var c in Golden.Value.RootElement.GetProperty("cases").EnumerateArray())
            data.Add(index++, $"{c.GetProperty("cell").GetString()} T={c.GetProperty("T").GetInt32()} B={c.GetProperty("B").GetInt32()}");
        return data;
    }

    [Fact]
    public void Golden_file_covers_every_cell_with_several_lengths_and_batches()
    {
        var cases = Golden.Value.RootElement.GetProperty("cases").EnumerateArray().ToList();
        foreach (var cell in new[] { "lstm", "gru", "rnn_tanh" })
        {
            var mine = cases.Where(c => c.GetProperty("cell").GetString() == cell).ToList();
            Assert.True(mine.Select(c => c.GetProperty("T").GetInt32()).Distinct().Count() >= 3, cell);
            Assert.True(mine.Select(c => c.GetProperty("B").GetInt32()).Distinct().Count() >= 2, cell);
        }
        Assert.Contains("TorchSharp", Golden.Value.RootElement.GetProperty("header").GetProperty("torchsharp").GetString());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_and_backward_match_torch(int index, string name)
    {
        var c = Golden.Value.RootElement.GetProperty("cases")[index];
        var t = c.GetProperty("tensors");
        string cellName = c.GetProperty("cell").GetString()!;
        int T = c.GetProperty("T").GetInt32(), B = c.GetProperty("B").GetInt32();
        int I = c.GetProperty("I").GetInt32(), H = c.GetProperty("H").GetInt32();
        var kind = cellName switch { "lstm" => CellKind.Lstm, "gru" => CellKind.Gru, _ => CellKind.Elman };
        bool lstm = kind == CellKind.Lstm, gru = kind == CellKind.Gru;

        var parameters = new ParameterSet<double>();
        var cell = Cell.Create(kind, I, H, parameters, "layer0", ElmanActivation.Tanh);
        var layer = new RecurrentLayer<double>(cell);

        // Load torch's weights.
        Data(t, "weight_ih").CopyTo(cell.InputWeights.Value);
        Data(t, "weight_hh").CopyTo(cell.RecurrentWeights.Value);
        double[] biasIh = Data(t, "bias_ih"), biasHh = Data(t, "bias_hh");
        var b = cell.Bias!.Value;
        int summedRows = gru ? 2 * H : biasIh.Length;                 // GRU: b_hn stays apart
        for (int k = 0; k < biasIh.Length; k++) b[k] = k < summedRows ? biasIh[k] + biasHh[k] : biasIh[k];
        if (gru) biasHh.AsSpan(2 * H, H).CopyTo(((GruCell<double>)cell).CandidateRecurrentBias.Value);

        // Forward from torch's initial states, then backward with the loss's output gradients.
        layer.SetInitialState(Data(t, "h0"), lstm ? Data(t, "c0") : default);
        layer.Forward(Data(t, "x"), T, B);
        parameters.ZeroGradients();
        layer.Backward(Data(t, "R"), Data(t, "Rh"), lstm ? Data(t, "Rc") : default);

        var checks = new List<(string Name, double Error)>();
        void Check(string label, ReadOnlySpan<double> ours, double[] torch) => checks.Add((label, RelativeError(ours, torch)));

        double loss = Dot(layer.Outputs, Data(t, "R")) + Dot(layer.FinalHidden, Data(t, "Rh"))
                      + (lstm ? Dot(layer.FinalCell, Data(t, "Rc")) : 0);
        Check("loss", [loss], [c.GetProperty("loss").GetDouble()]);
        Check("output", layer.Outputs, Data(t, "output"));
        Check("h_n", layer.FinalHidden, Data(t, "h_n"));
        if (lstm) Check("c_n", layer.FinalCell, Data(t, "c_n"));
        Check("grad weight_ih (dU)", cell.InputWeights.Grad, Data(t, "grad_weight_ih"));
        Check("grad weight_hh (dV)", cell.RecurrentWeights.Grad, Data(t, "grad_weight_hh"));
        Check("grad bias_ih (db)", cell.Bias.Grad, Data(t, "grad_bias_ih"));
        var gradBiasHh = Data(t, "grad_bias_hh");
        if (gru)
        {
            Check("grad bias_hh[r,z] (db)", cell.Bias.Grad[..(2 * H)], gradBiasHh[..(2 * H)]);
            Check("grad bias_hh[n] (dbHn)", ((GruCell<double>)cell).CandidateRecurrentBias.Grad, gradBiasHh[(2 * H)..]);
        }
        else Check("grad bias_hh (db)", cell.Bias.Grad, gradBiasHh);
        Check("grad x", layer.InputGradient, Data(t, "grad_x"));
        Check("grad h0", layer.InitialHiddenGradient, Data(t, "grad_h0"));
        if (lstm) Check("grad c0", layer.InitialCellGradient, Data(t, "grad_c0"));

        foreach (var (label, error) in checks) output.WriteLine($"{name}: {label,-26} max rel. error {error:E2}");
        var worst = checks.MaxBy(x => x.Error);
        output.WriteLine($"{name}: worst {worst.Name} {worst.Error:E2} (tolerance {Tolerance:E0})");
        Assert.True(worst.Error <= Tolerance, $"{name}: {worst.Name} differs from torch by {worst.Error:E2} (> {Tolerance:E0})");
    }

    /// <summary>max|a - b| / max(max|b|, 1e-8) over one tensor.</summary>
    private static double RelativeError(ReadOnlySpan<double> ours, double[] torch)
    {
        Assert.Equal(torch.Length, ours.Length);
        double maxDiff = 0, scale = 0;
        for (int k = 0; k < torch.Length; k++)
        {
            maxDiff = Math.Max(maxDiff, Math.Abs(ours[k] - torch[k]));
            scale = Math.Max(scale, Math.Abs(torch[k]));
        }
        return maxDiff / Math.Max(scale, 1e-8);
    }

    private static double Dot(ReadOnlySpan<double> a, double[] b)
    {
        double s = 0;
        for (int k = 0; k < b.Length; k++) s += a[k] * b[k];
        return s;
    }

    private static double[] Data(JsonElement tensors, string name) =>
        tensors.GetProperty(name).GetProperty("data").EnumerateArray().Select(e => e.GetDouble()).ToArray();

    /// <summary>The golden file, found from the test's folder upwards (so no build step has to copy it).</summary>
    private static string FindGolden()
    {
        const string relative = "tests/RnnLstm.Tests/Golden/torch-golden.json";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, relative);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException($"{relative} not found above {AppContext.BaseDirectory}");
    }
}
