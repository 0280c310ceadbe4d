namespace RnnLstm.Numerics;

/// <summary>result = A v for a symmetric positive definite A that is only available as a product.</summary>
public delegate void LinearOperator(ReadOnlySpan<double> v, Span<double> result);

/// <summary>An iterate of <see cref="ConjugateGradient.Minimize"/> kept for backtracking.</summary>
/// <param name="Iteration">i, 1-based (0: the starting point).</param>
/// <param name="Point">p_i.</param>
/// <param name="Value">q(p_i) = ½ p_iᵀ A p_i + bᵀ p_i.</param>
public sealed record ConjugateGradientIterate(int Iteration, double[] Point, double Value);

/// <summary>
/// Linear conjugate gradient as Hessian-free optimization runs it (Martens 2010, section 4): it minimizes the quadratic
/// <c>q(p) = ½ pᵀ A p + bᵀ p</c> (that is, solves A p = -b) from a given start, stops on relative progress of q
/// rather than on the residual, and keeps the iterates at i = ⌈1.3^j⌉ for backtracking.
/// </summary>
/// <remarks>
/// <code>
/// r_0 = A p_0 + b,  d_0 = -r_0
/// α_i = r_iᵀ r_i / d_iᵀ A d_i,   p_{i+1} = p_i + α_i d_i,   r_{i+1} = r_i + α_i A d_i
/// β_i = r_{i+1}ᵀ r_{i+1} / r_iᵀ r_i,   d_{i+1} = -r_{i+1} + β_i d_i
/// q(p_i) = ½ p_iᵀ (r_i + b)                                  (since A p_i = r_i - b)
/// stop when i > k, q(p_i) &lt; 0 and (q(p_i) - q(p_{i-k})) / q(p_i) &lt; k ε,  k = max(10, ⌈0.1 i⌉)
/// </code>
/// The residual test of textbook CG would run far past the point where the quadratic stops improving; Martens's
/// test stops when the last 10% of the iterations improved q by less than a fraction kε of its value.
/// </remarks>
public static class ConjugateGradient
{
    /// <summary>Minimizes ½ pᵀ A p + bᵀ p from <paramref name="start"/>.</summary>
    /// <param name="product">A v.</param>
    /// <param name="b">The linear term (the gradient, in Hessian-free optimization).</param>
    /// <param name="start">p_0 (Hessian-free starts from the previous solution times a decay).</param>
    /// <param name="maxIterations">Most iterations.</param>
    /// <param name="tolerance">ε of the relative-progress test; 0 runs all <paramref name="maxIterations"/> unless the residual vanishes.</param>
    /// <returns>The kept iterates, last one last (it is always kept).</returns>
    public static IReadOnlyList<ConjugateGradientIterate> Minimize(LinearOperator product, ReadOnlySpan<double> b,
        ReadOnlySpan<double> start, int maxIterations, double tolerance = 5e-4)
    {
        ArgumentNullException.ThrowIfNull(product);
        int n = b.Length;
        if (start.Length != n) throw new ArgumentException($"start has {start.Length} values; b has {n}.", nameof(start));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxIterations);
        ArgumentOutOfRangeException.ThrowIfNegative(tolerance);

        var p = start.ToArray();
        var r = new double[n];
        var d = new double[n];
        var ad = new double[n];
        product(p, r);
        for (int k = 0; k < n; k++) { r[k] += b[k]; d[k] = -r[k]; }
        double rr = Dot(r, r);
        var values = new List<double> { Value(p, r, b) };
        var kept = new List<ConjugateGradientIterate>();
        int nextKept = 1, j = 0;
        for (int i = 1; i <= maxIterations; i++)
        {
            product(d, ad);
            double curvature = Dot(d, ad);
            if (!(curvature > 0) || !(rr > 0)) break;                        // a direction without positive curvature, or solved
            double alpha = rr / curvature;
            for (int k = 0; k < n; k++) { p[k] += alpha * d[k]; r[k] += alpha * ad[k]; }
            double rrNext = Dot(r, r), beta = rrNext / rr;
            for (int k = 0; k < n; k++) d[k] = -r[k] + beta * d[k];
            rr = rrNext;
            double q = Value(p, r, b);
            values.Add(q);
            if (i == nextKept)
            {
                kept.Add(new ConjugateGradientIterate(i, (double[])p.Clone(), q));
                while (nextKept <= i) nextKept = (int)Math.Ceiling(Math.Pow(1.3, ++j));
            }
            int window = Math.Max(10, (int)Math.Ceiling(0.1 * i));
            if (tolerance > 0 && i > window && q < 0 && (q - values[i - window]) / q < window * tolerance) break;
        }
        int last = values.Count - 1;
        if (kept.Count == 0 || kept[^1].Iteration != last) kept.Add(new ConjugateGradientIterate(last, p, values[last]));
        return kept;
    }

    /// <summary>q(p) = ½ pᵀ (r + b) with r = A p + b.</summary>
    private static double Value(ReadOnlySpan<double> p, ReadOnlySpan<double> r, ReadOnlySpan<double> b)
    {
        double q = 0;
        for (int k = 0; k < p.Length; k++) q += 0.5 * p[k] * (r[k] + b[k]);
        return q;
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);
}
