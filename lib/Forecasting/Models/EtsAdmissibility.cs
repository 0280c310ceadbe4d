namespace RnnLstm.Forecasting.Models;

/// <summary>
/// The admissible region of Hyndman, Akram and Archibald (2008), as forecast's <c>admissible</c>: the parameters for
/// which the model forgets its initial state (the discount matrix D = F - g w' has all eigenvalues inside the unit
/// circle). forecast's default <c>bounds = "both"</c> asks for this and the usual bounds together.
/// </summary>
/// <remarks>
/// Without a season: 1 - 1/φ &lt; α &lt; 1 + 1/φ and α(φ - 1) &lt; β &lt; (1 + φ)(2 - α). With a season of length m
/// (β = 0 without a trend): max(1 - 1/φ - α, 0) &lt; γ &lt; 1 + 1/φ - α, α &gt; 1 - 1/φ - γ(1 - m + φ + φm)/(2φm),
/// β &gt; -(1 - φ)(γ/m + α), and every root of the characteristic polynomial
/// P(z) = z^{m+1} + (α + β - φ) z^m + (α + β - αφ)(z^{m-1} + … + z²) + (α + β - αφ + γ - 1) z + φ(1 - α - γ)
/// within modulus 1 + 1e-10 (as forecast; without damping and trend P(1) = 0, so the margin matters). The roots are not
/// computed: P((1 + 1e-10) w) must have all its roots strictly inside the unit circle, which the Schur-Cohn recursion
/// checks in O(m²).
/// </remarks>
public static class EtsAdmissibility
{
    /// <summary>True when <paramref name="p"/> is admissible for <paramref name="spec"/>.</summary>
    public static bool IsAdmissible(EtsSpec spec, EtsParameters p)
    {
        double alpha = p.Alpha, beta = spec.HasTrend ? p.Beta : 0, phi = spec.Trend == EtsTrend.Damped ? p.Phi : 1;
        if (phi < 0 || phi > 1 + 1e-8) return false;
        if (!spec.HasSeason)
        {
            if (alpha < 1 - 1 / phi || alpha > 1 + 1 / phi) return false;
            return !spec.HasTrend || (beta >= alpha * (phi - 1) && beta <= (1 + phi) * (2 - alpha));
        }
        int m = spec.SeasonLength;
        double gamma = p.Gamma;
        if (gamma < Math.Max(1 - 1 / phi - alpha, 0) || gamma > 1 + 1 / phi - alpha) return false;
        if (alpha < 1 - 1 / phi - gamma * (1 - m + phi + phi * m) / (2 * phi * m)) return false;
        if (beta < -(1 - phi) * (gamma / m + alpha)) return false;
        // P(z) monic of degree m + 1, coefficients a[0..m+1] (a[k] of z^k)
        Span<double> a = m + 2 <= 64 ? stackalloc double[m + 2] : new double[m + 2];
        a[0] = phi * (1 - alpha - gamma);
        a[1] = alpha + beta - alpha * phi + gamma - 1;
        for (int k = 2; k < m; k++) a[k] = alpha + beta - alpha * phi;
        a[m] = alpha + beta - phi;
        a[m + 1] = 1;
        // roots of P within radius r  ⇔  roots of P(r w) / r^{m+1} inside the unit circle: a_k ← a_k r^{k-(m+1)}
        const double radius = 1 + 1e-10;
        double scale = 1;
        for (int k = m; k >= 0; k--)
        {
            scale /= radius;
            a[k] *= scale;
        }
        return RootsInsideUnitCircle(a);
    }

    /// <summary>
    /// Schur-Cohn: the monic A(z) = Σ a_k z^k (a[^1] = 1) has every root strictly inside the unit circle iff k = a₀
    /// satisfies |k| &lt; 1 and (A(z) - k z^d A(1/z)) / (z (1 - k²)), monic of degree d - 1, has too.
    /// </summary>
    internal static bool RootsInsideUnitCircle(ReadOnlySpan<double> monic)
    {
        Span<double> a = monic.Length <= 64 ? stackalloc double[monic.Length] : new double[monic.Length];
        Span<double> next = monic.Length <= 64 ? stackalloc double[monic.Length] : new double[monic.Length];
        monic.CopyTo(a);
        for (int d = a.Length - 1; d >= 1; d--)
        {
            double k = a[0];
            if (!(Math.Abs(k) < 1)) return false;
            double norm = 1 - k * k;
            for (int j = 0; j < d; j++) next[j] = (a[j + 1] - k * a[d - 1 - j]) / norm;
            next[..d].CopyTo(a);
            a = a[..d];
        }
        return true;
    }
}
