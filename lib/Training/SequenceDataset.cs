using System.Numerics;

namespace RnnLstm.Training;

/// <summary>
/// N training sequences of equal length, with their targets, stored sample by sample.
/// </summary>
/// <remarks>
/// Inputs are [N, T, I]. Targets are [N, T, O] for a model that answers at every step, or [N, O] for one that answers
/// once per sequence. <see cref="Gather"/> copies a batch into the time-major layout the model reads ([T, B, I] and
/// [T, B, O] or [B, O]).
/// </remarks>
public sealed class SequenceDataset<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _inputs, _targets;

    /// <summary>Wraps the arrays (not copied).</summary>
    /// <param name="inputs">[N, T, I].</param>
    /// <param name="targets">[N, T, O] when <paramref name="targetsPerStep"/>, else [N, O].</param>
    public SequenceDataset(T[] inputs, T[] targets, int steps, int inputSize, int outputSize, bool targetsPerStep)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputSize);
        int perSample = steps * inputSize;
        if (inputs.Length == 0 || inputs.Length % perSample != 0)
            throw new ArgumentException($"inputs has {inputs.Length} values, not a positive multiple of T·I = {perSample}.", nameof(inputs));
        Count = inputs.Length / perSample;
        int targetWidth = targetsPerStep ? steps * outputSize : outputSize;
        if (targets.Length != Count * targetWidth)
            throw new ArgumentException($"targets has {targets.Length} values; {Count} samples need {Count * targetWidth}.", nameof(targets));
        (_inputs, _targets) = (inputs, targets);
        (Steps, InputSize, OutputSize, TargetsPerStep) = (steps, inputSize, outputSize, targetsPerStep);
    }

    /// <summary>N.</summary>
    public int Count { get; }
    /// <summary>T.</summary>
    public int Steps { get; }
    /// <summary>I.</summary>
    public int InputSize { get; }
    /// <summary>O.</summary>
    public int OutputSize { get; }
    /// <summary>Whether there is a target at every step.</summary>
    public bool TargetsPerStep { get; }

    /// <summary>Copies the samples <paramref name="indices"/> into <paramref name="x"/> [T, B, I] and <paramref name="y"/> ([T, B, O] or [B, O]).</summary>
    public void Gather(ReadOnlySpan<int> indices, Span<T> x, Span<T> y)
    {
        int B = indices.Length, I = InputSize, O = OutputSize;
        for (int b = 0; b < B; b++)
        {
            int n = indices[b];
            for (int t = 0; t < Steps; t++)
                _inputs.AsSpan((n * Steps + t) * I, I).CopyTo(x.Slice((t * B + b) * I, I));
            if (!TargetsPerStep) _targets.AsSpan(n * O, O).CopyTo(y.Slice(b * O, O));
            else
                for (int t = 0; t < Steps; t++)
                    _targets.AsSpan((n * Steps + t) * O, O).CopyTo(y.Slice((t * B + b) * O, O));
        }
    }
}
