using RnnLstm.Numerics;

namespace RnnLstm.Tasks;

/// <summary>
/// Whether a discrete state can be read out of hidden-state vectors along fixed directions: a linear readout (ridge
/// regression onto one-hot labels) fitted on half of the vectors and scored on the other half.
/// </summary>
/// <remarks>
/// <code>
/// Z = [h, 1]  (N × (H+1)),   W = argmin ‖Z W - Y‖² + λ‖W‖²  (Y one-hot, N × K),   label(h) = argmax_k (Z W)_k
/// </code>
/// Where k-means asks whether the states fall into clusters, this asks whether each of several automata occupies its own
/// directions of the hidden space: for two independent additions, a readout of pair 0's 4 states and another of pair 1's.
/// </remarks>
public static class StateReadout
{
    /// <summary>Ridge penalty λ: small, only to keep the system solvable when units are saturated (collinear).</summary>
    public const double Lambda = 1e-3;

    /// <summary>
    /// Fits the readout on the even-numbered vectors of <paramref name="states"/> [N, H] and returns the fraction of
    /// odd-numbered ones whose <paramref name="labels"/> (0 .. <paramref name="classes"/> - 1) it gets right.
    /// </summary>
    public static double Accuracy(ReadOnlySpan<double> states, int hidden, ReadOnlySpan<int> labels, int classes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hidden);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        if (states.Length != labels.Length * hidden)
            throw new ArgumentException($"{states.Length} values are not {labels.Length} states of {hidden} units.", nameof(states));
        if (labels.Length < 2) throw new ArgumentException("At least 2 states are needed (one to fit, one to score).", nameof(labels));
        int cols = hidden + 1, fit = (labels.Length + 1) / 2;
        var z = new double[fit * cols];
        var y = new double[fit * classes];
        for (int r = 0; r < fit; r++)
        {
            int i = 2 * r;
            if (labels[i] < 0 || labels[i] >= classes) throw new ArgumentException($"Label {labels[i]} at {i} is not a class 0..{classes - 1}.", nameof(labels));
            states.Slice(i * hidden, hidden).CopyTo(z.AsSpan(r * cols, hidden));
            z[r * cols + hidden] = 1;
            y[r * classes + labels[i]] = 1;
        }
        var w = LinearAlgebra.Ridge(z, y, fit, cols, classes, Lambda);   // [H+1, K]
        int right = 0, scored = 0;
        for (int i = 1; i < labels.Length; i += 2, scored++)
        {
            int best = 0;
            double bestScore = double.NegativeInfinity;
            for (int k = 0; k < classes; k++)
            {
                double score = w[hidden * classes + k];
                for (int j = 0; j < hidden; j++) score += states[i * hidden + j] * w[j * classes + k];
                if (score > bestScore) (best, bestScore) = (k, score);
            }
            if (best == labels[i]) right++;
        }
        return (double)right / scored;
    }

    /// <summary>Pearson correlation between unit <paramref name="unit"/> of <paramref name="states"/> [N, H] and <paramref name="values"/> [N] (0 when either is constant).</summary>
    public static double Correlation(ReadOnlySpan<double> states, int hidden, int unit, ReadOnlySpan<double> values)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(unit);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(unit, hidden, nameof(unit));
        if (states.Length != values.Length * hidden)
            throw new ArgumentException($"{states.Length} values are not {values.Length} states of {hidden} units.", nameof(states));
        int n = values.Length;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) { mx += states[i * hidden + unit]; my += values[i]; }
        mx /= n; my /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++)
        {
            double dx = states[i * hidden + unit] - mx, dy = values[i] - my;
            sxy += dx * dy; sxx += dx * dx; syy += dy * dy;
        }
        return sxx == 0 || syy == 0 ? 0 : sxy / Math.Sqrt(sxx * syy);
    }
}
