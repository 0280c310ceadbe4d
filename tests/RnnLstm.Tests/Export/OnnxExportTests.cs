using RnnLstm.Cells;
using RnnLstm.Export;
using RnnLstm.Export.Onnx;
using RnnLstm.Models;
using RnnLstm.Numerics;
using RnnLstm.Tests.Core;

namespace RnnLstm.Tests.Export;

/// <summary>
/// Exported models run in ONNX Runtime give the outputs of <see cref="SequenceModel{T}.Forward"/>: every cell kind
/// and variant, random weights (uniform ±0.6) and inputs, batch 3, and sequences of different lengths.
/// </summary>
public sealed class OnnxExportTests
{
    private const double Tolerance = 1e-5;
    private const int Steps = 7, Batch = 3;
    private static readonly int[] Lengths = [Steps, 2, 5];                 // one full sequence, two shorter ones

    public static TheoryData<string> Cases() => [.. AllCases().Select(c => c.Name)];

    private static IEnumerable<(string Name, ModelSpec Spec)> AllCases()
    {
        foreach (var activation in Enum.GetValues<ElmanActivation>())
            foreach (bool bias in new[] { true, false })
                yield return ($"Elman {activation}{(bias ? "" : " no bias")}", TestData.Spec(CellKind.Elman, elman: activation, bias: bias));
        foreach (var cell in TestData.AllCells.Where(Cell.AlwaysHasBias))
        {
            yield return ($"{cell} every step", TestData.Spec(cell, OutputMode.EveryStep));
            yield return ($"{cell} last step", TestData.Spec(cell, OutputMode.LastStep));
        }
        foreach (var cell in TestData.AllCells)
            yield return ($"{cell} stacked 5-4", TestData.Spec(cell, OutputMode.LastStep, hidden: [5, 4]));
        yield return ("Lstm stacked every step, logistic head", TestData.Spec(CellKind.Lstm, hidden: [3, 4], activation: OutputActivation.Logistic));
        yield return ("Gru tanh head", TestData.Spec(CellKind.Gru, OutputMode.LastStep, activation: OutputActivation.Tanh));
    }

    private static ModelSpec SpecOf(string name) => AllCases().Single(c => c.Name == name).Spec;

    [Theory]
    [MemberData(nameof(Cases))]
    public void Onnx_runtime_gives_our_outputs_for_full_length_sequences(string name)
    {
        var model = new SequenceModel<float>(SpecOf(name), seed: 3);
        var x = RandomFloats(Steps * Batch * model.Spec.InputSize, seed: 4);
        var ours = model.Forward(x, Steps, Batch).ToArray();

        using var ort = new OnnxRuntimeModel(OnnxExport.ToBytes(model));
        var theirs = ort.Run(Input(x, model))[OnnxNames.Output];

        AssertClose(ours, theirs, name);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Onnx_runtime_gives_our_outputs_for_sequences_of_different_lengths(string name)
    {
        var model = new SequenceModel<float>(SpecOf(name), seed: 5);
        var x = RandomFloats(Steps * Batch * model.Spec.InputSize, seed: 6);
        var ours = model.Forward(x, Steps, Batch, Lengths).ToArray();

        using var ort = new OnnxRuntimeModel(OnnxExport.ToBytes(model, new OnnxExportOptions { SequenceLengths = true }));
        var theirs = ort.Run(Input(x, model), (OnnxNames.SequenceLengths, Lengths, [Batch]))[OnnxNames.Output];

        if (model.Spec.Output == OutputMode.LastStep) { AssertClose(ours, theirs, name); return; }
        int O = model.Spec.OutputSize;                                       // every step: compare each sequence's real steps only
        for (int b = 0; b < Batch; b++)
            for (int t = 0; t < Lengths[b]; t++)
                AssertClose(ours.AsSpan((t * Batch + b) * O, O), theirs.AsSpan((t * Batch + b) * O, O), $"{name}, sequence {b}, step {t}");
    }

    [Theory]
    [InlineData(CellKind.Elman)]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.PeepholeLstm)]
    [InlineData(CellKind.CoupledLstm)]
    [InlineData(CellKind.Gru)]
    public void Initial_states_in_and_final_states_out_match_ours(CellKind cell)
    {
        var model = new SequenceModel<float>(TestData.Spec(cell, OutputMode.EveryStep, hidden: [4, 3]), seed: 7);
        var x = RandomFloats(Steps * Batch * model.Spec.InputSize, seed: 8);
        var inputs = new List<(string, Array, long[])> { Input(x, model), (OnnxNames.SequenceLengths, Lengths, [Batch]) };
        for (int l = 0; l < model.Layers.Count; l++)
        {
            var layer = model.Layers[l];
            int H = layer.HiddenSize;
            var h0 = RandomFloats(Batch * H, seed: 10 + l);
            var c0 = layer.Cell.HasCellState ? RandomFloats(Batch * H, seed: 20 + l) : null;
            layer.SetInitialState(h0, c0);
            inputs.Add((OnnxNames.InitialHidden(l), h0, [1, Batch, H]));
            if (c0 is not null) inputs.Add((OnnxNames.InitialCell(l), c0, [1, Batch, H]));
        }
        var ours = model.Forward(x, Steps, Batch, Lengths).ToArray();

        using var ort = new OnnxRuntimeModel(OnnxExport.ToBytes(model, new OnnxExportOptions { SequenceLengths = true, States = true }));
        var theirs = ort.Run([.. inputs]);

        int O = model.Spec.OutputSize;
        AssertClose(ours.AsSpan(0, Batch * O), theirs[OnnxNames.Output].AsSpan(0, Batch * O), $"{cell}, step 0 (reads h_0)");
        for (int l = 0; l < model.Layers.Count; l++)
        {
            AssertClose(model.Layers[l].FinalHidden, theirs[OnnxNames.FinalHidden(l)], $"{cell}, h_T of layer {l}");
            if (model.Layers[l].Cell.HasCellState)
                AssertClose(model.Layers[l].FinalCell, theirs[OnnxNames.FinalCell(l)], $"{cell}, c_T of layer {l}");
        }
    }

    [Fact]
    public void A_float64_model_is_exported_in_float32_and_agrees()
    {
        var model = new SequenceModel<double>(TestData.Spec(CellKind.PeepholeLstm, OutputMode.LastStep, hidden: [5, 4]), seed: 9);
        var x = TestData.Random(Steps * Batch * model.Spec.InputSize, seed: 10);
        var ours = model.Forward(x, Steps, Batch).ToArray().Select(v => (float)v).ToArray();

        using var ort = new OnnxRuntimeModel(OnnxExport.ToBytes(model));
        var theirs = ort.Run((OnnxNames.Input, x.Select(v => (float)v).ToArray(), [Steps, Batch, model.Spec.InputSize]))[OnnxNames.Output];

        AssertClose(ours, theirs, "float64 peephole LSTM");
    }

    [Fact]
    public void The_model_declares_its_opset_names_and_symbolic_shapes()
    {
        var model = new SequenceModel<float>(TestData.Spec(CellKind.Lstm, OutputMode.EveryStep, hidden: [4, 3]), seed: 1);
        var proto = OnnxExport.Build(model, new OnnxExportOptions { SequenceLengths = true, States = true });
        Assert.Equal(OnnxExport.IrVersion, proto.IrVersion);
        Assert.Equal(OnnxExport.Opset, Assert.Single(proto.OpsetImport).Version);
        Assert.Equal(["LSTM", "Squeeze", "LSTM", "Squeeze", "MatMul", "Add"], proto.Graph.Node.Select(n => n.OpType));

        using var ort = new OnnxRuntimeModel(OnnxExport.ToBytes(model, new OnnxExportOptions { SequenceLengths = true, States = true }));
        var inputs = ort.Session.InputMetadata;
        Assert.Equal([OnnxNames.Input, OnnxNames.SequenceLengths, "initial_h_0", "initial_c_0", "initial_h_1", "initial_c_1"], inputs.Keys);
        Assert.Equal(["steps", "batch", ""], inputs[OnnxNames.Input].SymbolicDimensions);
        Assert.Equal([-1, -1, 3], inputs[OnnxNames.Input].Dimensions);
        Assert.Equal([1, -1, 3], inputs["initial_h_1"].Dimensions);
        Assert.Equal([OnnxNames.Output, "final_h_0", "final_c_0", "final_h_1", "final_c_1"], ort.Session.OutputMetadata.Keys);
        Assert.Equal([-1, -1, 2], ort.Session.OutputMetadata[OnnxNames.Output].Dimensions);
    }

    [Fact]
    public void Save_writes_the_bytes_that_onnx_runtime_loads()
    {
        var model = new SequenceModel<float>(TestData.Spec(CellKind.Gru, OutputMode.LastStep), seed: 2);
        string path = Path.Combine(Path.GetTempPath(), $"rnnlstm-onnx-{Environment.ProcessId}", "gru.onnx");
        OnnxExport.Save(model, path);
        Assert.Equal(OnnxExport.ToBytes(model), File.ReadAllBytes(path));
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(path);
        Assert.Equal([-1, 2], session.OutputMetadata[OnnxNames.Output].Dimensions);
    }

    [Theory]
    [InlineData(OutputMode.LastStep)]
    [InlineData(OutputMode.EveryStep)]
    public void An_ensemble_gives_the_mean_of_its_members_outputs(OutputMode output)
    {
        var members = new[] { CellKind.Lstm, CellKind.Gru, CellKind.Lstm }                 // members may differ inside
            .Select((cell, k) => new SequenceModel<float>(TestData.Spec(cell, output, hidden: [3 + k]), seed: 20 + k)).ToArray();
        var x = RandomFloats(Steps * Batch * members[0].Spec.InputSize, seed: 23);
        var outputs = members.Select(m => m.Forward(x, Steps, Batch).ToArray()).ToArray();
        var ours = Enumerable.Range(0, outputs[0].Length).Select(k => outputs.Average(o => o[k])).Select(v => (float)v).ToArray();
        Assert.True(outputs[0].Zip(outputs[1]).Any(p => Math.Abs(p.First - p.Second) > 10 * Tolerance), "the members should differ");

        var proto = OnnxExport.BuildEnsemble(members);
        Assert.Equal("Mean", proto.Graph.Node[^1].OpType);
        Assert.All(proto.Graph.Initializer, t => Assert.StartsWith("member", t.Name));
        using var ort = new OnnxRuntimeModel(OnnxExport.EnsembleToBytes(members));
        Assert.Equal([OnnxNames.Input], ort.Session.InputMetadata.Keys);
        Assert.Equal([OnnxNames.Output], ort.Session.OutputMetadata.Keys);
        var theirs = ort.Run(Input(x, members[0]))[OnnxNames.Output];

        AssertClose(ours, theirs, $"ensemble of 3, {output}");
    }

    [Fact]
    public void An_ensemble_of_one_is_the_single_model_and_members_that_do_not_fit_are_named()
    {
        var model = new SequenceModel<float>(TestData.Spec(CellKind.Gru, OutputMode.LastStep), seed: 2);
        Assert.Equal(OnnxExport.ToBytes(model), OnnxExport.EnsembleToBytes([model]));
        var other = new SequenceModel<float>(TestData.Spec(CellKind.Gru, OutputMode.EveryStep), seed: 2);
        var e = Assert.Throws<ArgumentException>(() => OnnxExport.EnsembleToBytes([model, other]));
        Assert.Contains("Member 1", e.Message);
        Assert.Equal("members", e.ParamName);
    }

    [Fact]
    public void A_cell_without_an_onnx_operator_is_named_in_the_error()
    {
        var graph = new OnnxGraph("test");
        var cell = new UnknownCell();
        var e = Assert.Throws<NotSupportedException>(() => OnnxRecurrentLayer.Add(graph, cell, 2, OnnxNames.Input, null, false, true));
        Assert.Contains("Layer 2", e.Message);
        Assert.Contains(nameof(UnknownCell), e.Message);
    }

    private static (string, Array, long[]) Input(float[] x, SequenceModel<float> model) =>
        (OnnxNames.Input, x, [Steps, Batch, model.Spec.InputSize]);

    private static float[] RandomFloats(int length, int seed) => TestData.Random(length, seed).Select(v => (float)v).ToArray();

    private static void AssertClose(ReadOnlySpan<float> ours, ReadOnlySpan<float> theirs, string what)
    {
        Assert.True(ours.Length == theirs.Length, $"{what}: {ours.Length} values here, {theirs.Length} from ONNX Runtime.");
        for (int k = 0; k < ours.Length; k++)
            Assert.True(Math.Abs(ours[k] - theirs[k]) <= Tolerance,
                $"{what}: value {k} is {ours[k]:R} here and {theirs[k]:R} in ONNX Runtime (difference {Math.Abs(ours[k] - theirs[k]):E2} > {Tolerance:E0}).");
    }

    /// <summary>A cell the exporter does not know.</summary>
    private sealed class UnknownCell : IRecurrentCell<float>
    {
        private readonly ParameterSet<float> _parameters = new();
        public UnknownCell()
        {
            InputWeights = _parameters.Add("U", 2, 1);
            RecurrentWeights = _parameters.Add("V", 2, 2);
        }
        public CellKind Kind => CellKind.Elman;
        public int InputSize => 1;
        public int HiddenSize => 2;
        public int GateCount => 1;
        public bool HasCellState => false;
        public int CacheWidth => 0;
        public Parameter<float> InputWeights { get; }
        public Parameter<float>? Bias => null;
        public Parameter<float> RecurrentWeights { get; }
        public IReadOnlyList<Parameter<float>> Parameters => [InputWeights, RecurrentWeights];
        public void Initialize(Rng rng) { }
        public void Forward(ReadOnlySpan<float> zx, ReadOnlySpan<float> hPrev, ReadOnlySpan<float> cPrev, Span<float> h, Span<float> c, Span<float> cache, int batch) { }
        public void Backward(ReadOnlySpan<float> dh, ReadOnlySpan<float> dc, ReadOnlySpan<float> hPrev, ReadOnlySpan<float> cPrev,
            ReadOnlySpan<float> h, ReadOnlySpan<float> c, ReadOnlySpan<float> cache, Span<float> dzx, Span<float> dhPrev, Span<float> dcPrev, int batch) { }
    }
}
