using RnnLstm.Cells;
using RnnLstm.Models;
using RnnLstm.Numerics;

namespace RnnLstm.Tasks;

/// <summary>Final states and their gradients with respect to the start, over a range of starts, after one number of steps.</summary>
/// <param name="Steps">T.</param>
/// <param name="Starts">h_0 of each run.</param>
/// <param name="Final">h_T of each run.</param>
/// <param name="Gradient">dh_T/dh_0 of each run, by backpropagation through time.</param>
public sealed record AttractorScan(int Steps, double[] Starts, double[] Final, double[] Gradient)
{
    /// <summary>The largest |dh_T/dh_0| over the starts, and the start where it is.</summary>
    public (double Value, double Start) Peak
    {
        get
        {
            int best = 0;
            for (int i = 1; i < Gradient.Length; i++) if (Math.Abs(Gradient[i]) > Math.Abs(Gradient[best])) best = i;
            return (Math.Abs(Gradient[best]), Starts[best]);
        }
    }

    /// <summary>Width of the range of starts where |dh_T/dh_0| exceeds <paramref name="level"/> (from the first such start to the last; 0 if none).</summary>
    public double WidthAbove(double level)
    {
        var above = Enumerable.Range(0, Gradient.Length).Where(i => Math.Abs(Gradient[i]) > level).ToArray();
        return above.Length == 0 ? 0 : Starts[above[^1]] - Starts[above[0]];
    }

    /// <summary>The median |dh_T/dh_0| over the starts: what a start inside a basin sees.</summary>
    public double MedianGradient
    {
        get
        {
            var sorted = Gradient.Select(Math.Abs).Order().ToArray();
            return sorted[sorted.Length / 2];
        }
    }
}

/// <summary>
/// The lecture's explanation of exploding gradients, in the smallest net that shows it: one tanh unit exciting
/// itself, <c>h_t = tanh(w h_{t-1} + b)</c> with w &gt; 1 and no input, has two point attractors (one negative, one
/// positive stable fixed point) and between them an unstable fixed point h*, the boundary of their basins.
/// </summary>
/// <remarks>
/// <para>By the chain rule <c>dh_T/dh_0 = Π_{t=1..T} w (1 - h_t²)</c>. A start inside a basin falls onto its attractor,
/// where the slope factor <c>w (1 - h∞²)</c> is below 1, so the gradient is tiny and shrinks with T: small changes of
/// the start change nothing at the end. A start near h* stays near it for a while, where the factor is
/// <c>λ = w (1 - h*²)</c> &gt; 1, so the gradient grows like λ^T: a tiny change of the start decides which attractor the
/// state ends in. The gradients here are the library's BPTT (<see cref="RecurrentLayer{T}"/> with an
/// <see cref="ElmanCell{T}"/>, float64), all starts run as one batch.</para>
/// </remarks>
public sealed class AttractorBoundary
{
    private readonly ParameterSet<double> _parameters = new();
    private readonly RecurrentLayer<double> _layer;

    /// <summary>The unit <c>h_t = tanh(<paramref name="weight"/> h_{t-1} + <paramref name="bias"/>)</c>.</summary>
    public AttractorBoundary(double weight = 2.0, double bias = 0.25)
    {
        if (!(weight > 1) || double.IsInfinity(weight)) throw new ArgumentOutOfRangeException(nameof(weight), weight, "The self-excitation must exceed 1 for two attractors.");
        if (!double.IsFinite(bias)) throw new ArgumentOutOfRangeException(nameof(bias), bias, "The bias must be finite.");
        (Weight, Bias) = (weight, bias);
        var cell = new ElmanCell<double>(inputSize: 1, hiddenSize: 1, _parameters, "attractor", ElmanActivation.Tanh, bias: true);
        cell.InputWeights.Value[0] = 0;        // no input: only the start matters
        cell.RecurrentWeights.Value[0] = weight;
        cell.Bias!.Value[0] = bias;
        _layer = new RecurrentLayer<double>(cell);
        var fixedPoints = FixedPoints(weight, bias);
        if (fixedPoints.Length != 3)
            throw new ArgumentException($"tanh({weight} h + {bias}) = h has {fixedPoints.Length} solution(s), not 3: the bias is too large for two attractors.", nameof(bias));
        (Low, Unstable, High) = (fixedPoints[0], fixedPoints[1], fixedPoints[2]);
    }

    /// <summary>w.</summary>
    public double Weight { get; }
    /// <summary>b.</summary>
    public double Bias { get; }
    /// <summary>The negative attractor.</summary>
    public double Low { get; }
    /// <summary>h*, the unstable fixed point between the attractors: the boundary of their basins.</summary>
    public double Unstable { get; }
    /// <summary>The positive attractor.</summary>
    public double High { get; }
    /// <summary>λ = w (1 - h*²): the factor per step by which the gradient grows at the boundary.</summary>
    public double BoundaryGrowth => Weight * (1 - Unstable * Unstable);
    /// <summary>w (1 - h∞²) at the attractors (the larger of the two): the factor per step inside the basins.</summary>
    public double BasinFactor => Math.Max(Weight * (1 - Low * Low), Weight * (1 - High * High));

    /// <summary>Runs every start in <paramref name="starts"/> for <paramref name="steps"/> steps and backpropagates dh_T/dh_0.</summary>
    public AttractorScan Scan(int steps, IReadOnlyList<double> starts)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentNullException.ThrowIfNull(starts);
        int n = starts.Count;
        if (n == 0) throw new ArgumentException("At least one start is needed.", nameof(starts));
        var h0 = starts.ToArray();
        _layer.SetInitialState(h0);
        _layer.Forward(new double[steps * n], steps, n);                         // x = 0 at every step, [T, B, 1]
        var final = _layer.FinalHidden.ToArray();
        var seed = new double[n];
        Array.Fill(seed, 1.0);                                                   // L = Σ_b h_T(b): dL/dh_0(b) = dh_T(b)/dh_0(b)
        _parameters.ZeroGradients();                                             // (w and b get gradients too; unused here)
        _layer.Backward(default, seed, inputGradient: false);
        return new AttractorScan(steps, h0, final, _layer.InitialHiddenGradient.ToArray());
    }

    /// <summary><paramref name="count"/> evenly spaced starts from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static double[] Grid(double from, double to, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 2);
        if (!(to > from)) throw new ArgumentException($"The range must be increasing ({from} to {to}).", nameof(to));
        return Enumerable.Range(0, count).Select(i => from + (to - from) * i / (count - 1)).ToArray();
    }

    /// <summary>
    /// Starts for a scan: <paramref name="count"/> evenly spaced from -1 to 1, plus starts at h* ± 10^(-k/<paramref name="perDecade"/>)
    /// down to 1e-15 from the boundary, in increasing order. The spike at the boundary narrows like λ^-T, so an even
    /// grid alone would miss it after a few steps.
    /// </summary>
    public double[] StartsAround(int count = 801, int perDecade = 4)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perDecade);
        var starts = new SortedSet<double>(Grid(-1, 1, count));
        for (int k = perDecade; k <= 15 * perDecade; k++)
        {
            double distance = Math.Pow(10, -(double)k / perDecade);
            starts.Add(Unstable - distance);
            starts.Add(Unstable + distance);
        }
        return starts.ToArray();
    }

    /// <summary>
    /// The start at which, after <paramref name="steps"/> steps, the final state switches from the low attractor's side
    /// to the high one's, by bisection on the forward pass (to the last bit): the basin boundary as the net sees it.
    /// </summary>
    public double FindBoundary(int steps)
    {
        double lo = Low, hi = High;
        while (true)
        {
            double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) return mid;
            if (Scan(steps, [mid]).Final[0] > Unstable) hi = mid; else lo = mid;
        }
    }

    /// <summary>The solutions of tanh(w h + b) = h, in increasing order (found by sign changes on a fine grid, then bisection).</summary>
    public static double[] FixedPoints(double weight, double bias)
    {
        static double F(double h, double w, double b) => Math.Tanh(w * h + b) - h;
        var roots = new List<double>();
        const int cells = 20_000;
        for (int i = 0; i < cells; i++)
        {
            double lo = -1 + 2.0 * i / cells, hi = -1 + 2.0 * (i + 1) / cells;
            double flo = F(lo, weight, bias), fhi = F(hi, weight, bias);
            if (flo == 0) { roots.Add(lo); continue; }
            if (Math.Sign(flo) == Math.Sign(fhi)) continue;
            for (int k = 0; k < 200 && hi - lo > 0; k++)
            {
                double mid = 0.5 * (lo + hi), fm = F(mid, weight, bias);
                if (mid <= lo || mid >= hi) break;
                if (Math.Sign(fm) == Math.Sign(flo)) (lo, flo) = (mid, fm); else hi = mid;
            }
            roots.Add(0.5 * (lo + hi));
        }
        return roots.ToArray();
    }
}
