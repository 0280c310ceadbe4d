using System.Numerics;
using RnnLstm.Cells;
using RnnLstm.Models;
using RnnLstm.Numerics;
using RnnLstm.Training;

namespace RnnLstm.Tasks;

/// <summary>A named curve of ‖dL/dh_t‖ over time steps, for the vanishing/exploding-gradient chart.</summary>
/// <param name="Name">Legend text, e.g. "tanh RNN, ρ = 0.9".</param>
/// <param name="Norms">‖dL/dh_t‖ for t = 1..T (the loss sits at step T).</param>
public sealed record GradientFlowCurve(string Name, double[] Norms)
{
    /// <summary>‖dL/dh_1‖ / ‖dL/dh_T‖: how much of the error signal reaches the first step (≪ 1: vanished, ≫ 1: exploded).</summary>
    public double FirstToLastRatio => Norms[0] / Norms[^1];
}

/// <summary>
/// How far back the error of the adding problem reaches in an untrained net: ‖dL/dh_t‖ at every step of one batch.
/// </summary>
/// <remarks>
/// <para>The loss sits only at the last step, so every dL/dh_t for t &lt; T comes from repeated multiplication by the
/// step Jacobian: for a tanh RNN, <c>dL/dh_{t-1} = dL/dh_t · diag(1 - h_t²) · V</c>. That product is linear in the error
/// (the backward pass is a linear map, whatever the forward nonlinearity), so its size behaves like ρ^k for k steps
/// back, ρ the recurrent matrix's spectral radius times the typical tanh slope: it shrinks geometrically below 1,
/// and can grow above 1 until tanh saturates. In an LSTM the cell-state path carries
/// <c>dL/dc_{t-1} = dL/dc_t ⊙ f_t</c>, a product of forget gates near 1, with no weight matrix in the way.</para>
/// <para>The sequence here has exactly T steps (no length jitter), so every curve spans the same time axis, and every
/// net reads the same sequence.</para>
/// </remarks>
public static class AddingProblemGradients
{
    /// <summary>A tanh Elman RNN whose recurrent matrix is a random orthogonal matrix times ρ, so that every eigenvalue has |λ| = ρ exactly.</summary>
    public static ModelSpec TanhRnn(int hiddenSize, double spectralRadius) => new()
    {
        Cell = CellKind.Elman, InputSize = AddingProblem.InputSize, HiddenSizes = [hiddenSize], OutputSize = 1,
        Output = OutputMode.LastStep, Init = WeightInit.Orthogonal, InitScale = spectralRadius,
    };

    /// <summary>An LSTM with the library's default weights and forget-gate bias <paramref name="forgetBias"/>.</summary>
    public static ModelSpec Lstm(int hiddenSize, double forgetBias) => new()
    {
        Cell = CellKind.Lstm, InputSize = AddingProblem.InputSize, HiddenSizes = [hiddenSize], OutputSize = 1,
        Output = OutputMode.LastStep, ForgetBias = forgetBias,
    };

    /// <summary>
    /// ‖dL/dh_t‖ for t = 1..<paramref name="steps"/> on one adding-problem sequence of exactly that length, in a fresh
    /// net built from <paramref name="spec"/> with weights from <paramref name="seed"/>, for an error of 1 at the
    /// output (<see cref="GradientFlow.FromLastStep"/>; the backward pass is linear, so another error at the output
    /// only scales the whole curve).
    /// </summary>
    public static double[] HiddenGradientNorms(ModelSpec spec, int steps, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.InputSize != AddingProblem.InputSize || spec.OutputSize != 1 || spec.Output != OutputMode.LastStep)
            throw new ArgumentException("The model must take the adding problem's 2 inputs and give 1 output at the last step.", nameof(spec));
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, AddingProblem.MinimumLength);
        var model = new SequenceModel<double>(spec, seed);
        var sequence = AddingProblem.Sample(steps, steps, new Rng(seed + 1));
        var x = new double[steps * AddingProblem.InputSize];                  // [T, 1, 2]
        for (int t = 0; t < steps; t++)
        {
            x[t * AddingProblem.InputSize] = sequence.Values[t];
            x[t * AddingProblem.InputSize + 1] = sequence.Markers[t];
        }
        return GradientFlow.FromLastStep(model, x, steps);
    }

    /// <summary>
    /// The lecture's picture in numbers: tanh RNNs at each of <paramref name="spectralRadii"/> and LSTMs at each of
    /// <paramref name="forgetBiases"/>, all of <paramref name="hiddenSize"/> units, over <paramref name="steps"/> steps.
    /// </summary>
    public static IReadOnlyList<GradientFlowCurve> Compare(int steps, int hiddenSize, IEnumerable<double> spectralRadii,
        IEnumerable<double> forgetBiases, int seed = 1)
    {
        var curves = new List<GradientFlowCurve>();
        foreach (double rho in spectralRadii)
            curves.Add(new($"tanh RNN, ρ = {rho}", HiddenGradientNorms(TanhRnn(hiddenSize, rho), steps, seed: seed)));
        foreach (double bias in forgetBiases)
            curves.Add(new($"LSTM, forget bias {bias}", HiddenGradientNorms(Lstm(hiddenSize, bias), steps, seed: seed)));
        return curves;
    }

    /// <summary>
    /// How strongly the output of <paramref name="model"/> depends on the first marked value, beside how strongly it
    /// depends on the last value: the means over <paramref name="sequences"/> of |∂y/∂v_{t₁}| (t₁ the first marked
    /// pair, the one furthest back) and of |∂y/∂v_{L-1}| (the last pair's value, which the target ignores).
    /// </summary>
    /// <remarks>
    /// <para>One forward pass over the batch (padded, each sequence read at its own last step) and one backward pass of
    /// dL/dy = 1, whose input gradient dL/dx [T, B, 2] holds ∂y/∂x_t; the value channel is column 0.</para>
    /// <para>The ratio FirstMarked / LastStep says whether gradient training can see the dependency at all: near 0, the
    /// first marked value does not reach the output (its influence faded on the way, or the hidden state has turned
    /// constant); of order 1, it does. For an untrained net this is the point of Sutskever et al.'s small input
    /// weights: the state stays in the near-linear part of tanh, and ρ = 1.1 keeps old inputs from fading.</para>
    /// </remarks>
    public static (double FirstMarked, double LastStep) ValueSensitivity<T>(SequenceModel<T> model, IReadOnlyList<AddingSequence> sequences)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Count == 0) throw new ArgumentException("At least one sequence is needed.", nameof(sequences));
        if (model.Spec.InputSize != AddingProblem.InputSize || model.Spec.OutputSize != 1 || model.Spec.Output != OutputMode.LastStep)
            throw new ArgumentException("The model must take the adding problem's 2 inputs and give 1 output at the last step.", nameof(model));
        int B = sequences.Count, steps = sequences.Max(q => q.Length);
        var x = new T[steps * B * AddingProblem.InputSize];                     // [T, B, 2], zero-padded
        var lengths = new int[B];
        for (int b = 0; b < B; b++)
        {
            lengths[b] = sequences[b].Length;
            for (int t = 0; t < lengths[b]; t++)
            {
                x[(t * B + b) * AddingProblem.InputSize] = T.CreateChecked(sequences[b].Values[t]);
                x[(t * B + b) * AddingProblem.InputSize + 1] = T.CreateChecked(sequences[b].Markers[t]);
            }
        }
        model.Forward(x, steps, B, lengths);
        var ones = new T[B];
        Array.Fill(ones, T.One);
        model.Backward(ones);
        var dx = model.InputGradient;                                              // ∂y_b/∂x_{t,b}, [T, B, 2]
        double first = 0, last = 0;
        for (int b = 0; b < B; b++)
        {
            first += Math.Abs(double.CreateChecked(dx[(sequences[b].FirstMarked * B + b) * AddingProblem.InputSize])) / B;
            last += Math.Abs(double.CreateChecked(dx[((lengths[b] - 1) * B + b) * AddingProblem.InputSize])) / B;
        }
        return (first, last);
    }
}
