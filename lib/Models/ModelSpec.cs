using RnnLstm.Cells;

namespace RnnLstm.Models;

/// <summary>Where the output layer reads the recurrent layers.</summary>
public enum OutputMode
{
    /// <summary>One output per time step, [T, B, O] (sequence labelling: binary addition, character models).</summary>
    EveryStep,
    /// <summary>One output per sequence from its final state, [B, O] (forecasting the next value).</summary>
    LastStep,
}

/// <summary>How a new model's weights are drawn.</summary>
public enum WeightInit
{
    /// <summary>Every parameter uniform in ±1/√H (PyTorch's default for recurrent and linear layers).</summary>
    Default,
    /// <summary>Every weight and bias uniform in ±<see cref="ModelSpec.InitScale"/> (Trask's binary-addition net: ±1).</summary>
    Uniform,
    /// <summary>Glorot-uniform input and output weights, Glorot recurrent weights, zero biases.</summary>
    Glorot,
    /// <summary>Glorot-uniform input and output weights, orthogonal recurrent blocks times <see cref="ModelSpec.InitScale"/>, zero biases.</summary>
    Orthogonal,
    /// <summary>Glorot-uniform input and output weights, recurrent blocks = <see cref="ModelSpec.InitScale"/> × identity, zero biases (IRNN).</summary>
    Identity,
}

/// <summary>
/// Everything needed to build a <see cref="SequenceModel{T}"/> (and to check that a saved file fits it):
/// cell kind, sizes, output layer and initialization.
/// </summary>
public sealed record ModelSpec
{
    /// <summary>The recurrent cell of every layer.</summary>
    public CellKind Cell { get; init; } = CellKind.Lstm;
    /// <summary>I: features per time step.</summary>
    public int InputSize { get; init; } = 1;
    /// <summary>Hidden units of each stacked recurrent layer, bottom first.</summary>
    public int[] HiddenSizes { get; init; } = [4];
    /// <summary>O: outputs per step (or per sequence).</summary>
    public int OutputSize { get; init; } = 1;
    /// <summary>Every step or last step.</summary>
    public OutputMode Output { get; init; } = OutputMode.LastStep;
    /// <summary>σ_y of the output layer.</summary>
    public OutputActivation OutputActivation { get; init; } = OutputActivation.Identity;
    /// <summary>σ_h of Elman cells.</summary>
    public ElmanActivation ElmanActivation { get; init; } = ElmanActivation.Tanh;
    /// <summary>Biases in Elman cells and the output layer (the gated cells always have them).</summary>
    public bool Bias { get; init; } = true;
    /// <summary>How weights are drawn.</summary>
    public WeightInit Init { get; init; } = WeightInit.Default;
    /// <summary>Limit of <see cref="WeightInit.Uniform"/>; gain of <see cref="WeightInit.Orthogonal"/> and <see cref="WeightInit.Identity"/>.</summary>
    public double InitScale { get; init; } = 1.0;
    /// <summary>If set, the LSTM forget-gate bias starts at this value (1 is common: remember by default).</summary>
    public double? ForgetBias { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Cell)) throw new ArgumentOutOfRangeException(nameof(Cell), Cell, "Unknown cell kind.");
        if (InputSize <= 0) throw new ArgumentOutOfRangeException(nameof(InputSize), InputSize, "InputSize must be positive.");
        if (OutputSize <= 0) throw new ArgumentOutOfRangeException(nameof(OutputSize), OutputSize, "OutputSize must be positive.");
        if (HiddenSizes is null || HiddenSizes.Length == 0) throw new ArgumentException("HiddenSizes needs at least one layer.", nameof(HiddenSizes));
        for (int l = 0; l < HiddenSizes.Length; l++)
            if (HiddenSizes[l] <= 0) throw new ArgumentOutOfRangeException(nameof(HiddenSizes), HiddenSizes[l], $"HiddenSizes[{l}] must be positive.");
        if (Cells.Cell.AlwaysHasBias(Cell) && !Bias) throw new ArgumentException($"{Cell} cells always have biases; Bias = false is only for Elman cells.", nameof(Bias));
        if (!double.IsFinite(InitScale) || InitScale < 0) throw new ArgumentOutOfRangeException(nameof(InitScale), InitScale, "InitScale must be finite and non-negative.");
    }

    /// <summary>The differences between this spec and <paramref name="other"/>, one readable line each.</summary>
    public IReadOnlyList<string> Differences(ModelSpec other)
    {
        var lines = new List<string>();
        void Compare(string name, object a, object b) { if (!Equals(a, b)) lines.Add($"{name}: {a} here, {b} there"); }
        Compare(nameof(Cell), Cell, other.Cell);
        Compare(nameof(InputSize), InputSize, other.InputSize);
        Compare(nameof(HiddenSizes), $"[{string.Join(", ", HiddenSizes)}]", $"[{string.Join(", ", other.HiddenSizes)}]");
        Compare(nameof(OutputSize), OutputSize, other.OutputSize);
        Compare(nameof(Output), Output, other.Output);
        Compare(nameof(OutputActivation), OutputActivation, other.OutputActivation);
        if (Cell == CellKind.Elman) Compare(nameof(ElmanActivation), ElmanActivation, other.ElmanActivation);
        Compare(nameof(Bias), Bias, other.Bias);
        return lines;
    }

    /// <summary>A one-line summary such as <c>LSTM 1→4→1, last step</c>.</summary>
    public override string ToString() =>
        $"{Cell} {InputSize}→{string.Join("→", HiddenSizes)}→{OutputSize} ({(Output == OutputMode.EveryStep ? "every step" : "last step")}" +
        $"{(Cell == CellKind.Elman ? $", {ElmanActivation}" : "")}{(OutputActivation != OutputActivation.Identity ? $", {OutputActivation} output" : "")}{(Bias ? "" : ", no bias")})";
}
