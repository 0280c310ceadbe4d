using RnnLstm.Cells;
using RnnLstm.Models;
using RnnLstm.Numerics;

namespace RnnLstm.Tests.Core;

/// <summary>Small random problems shared by the core tests.</summary>
internal static class TestData
{
    public static readonly CellKind[] AllCells = Enum.GetValues<CellKind>();

    public static double[] Random(int length, int seed, double scale = 1.0)
    {
        var rng = new Rng(seed);
        var values = new double[length];
        for (int k = 0; k < length; k++) values[k] = rng.Uniform(-scale, scale);
        return values;
    }

    public static ModelSpec Spec(CellKind cell, OutputMode output = OutputMode.EveryStep, int[]? hidden = null,
        ElmanActivation elman = ElmanActivation.Tanh, bool bias = true, OutputActivation activation = OutputActivation.Identity) => new()
    {
        Cell = cell,
        InputSize = 3,
        HiddenSizes = hidden ?? [4],
        OutputSize = 2,
        Output = output,
        ElmanActivation = elman,
        Bias = bias,
        OutputActivation = activation,
        Init = WeightInit.Uniform,
        InitScale = 0.6,
    };
}
