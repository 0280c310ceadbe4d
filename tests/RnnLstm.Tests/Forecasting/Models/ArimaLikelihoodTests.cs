using RnnLstm.Forecasting.Models;
using RnnLstm.Numerics;

namespace RnnLstm.Tests.ForecastingLayer;

/// <summary>
/// <see cref="ArimaLikelihood"/>'s Kalman filter against the Gaussian likelihood computed the long way: the covariance
/// matrix Γ of n values of the ARMA (σ² = 1) from its autocovariances γ_k = Σ_i ψ_i ψ_{i+k} (ψ the MA(∞) weights),
/// its Cholesky factor, and with σ² concentrated out -2 log L = n log(2π σ̂²) + n + log det Γ, σ̂² = xᵀ Γ⁻¹ x / n.
/// Covers both ways of finding the filter's start: a pure MA (closed form) and with AR terms (doubling), each with a
/// seasonal factor, and an MA root close to the unit circle, where the filter takes long to become steady.
/// </summary>
public class ArimaLikelihoodTests
{
    public static TheoryData<ArimaOrder, double[]> Models() => new()
    {
        { new ArimaOrder(0, 0, 1, 0, 0, 1, 4), [0.4, -0.6] },                   // θ, Θ: pure MA, season 4
        { new ArimaOrder(0, 0, 2, 0, 0, 1, 12, Constant: true), [-0.3, 0.2, -0.95, 0.5] }, // Θ near -1, and a mean
        { new ArimaOrder(1, 0, 1, 1, 0, 0, 4), [0.5, 0.3, -0.2] },              // φ, Φ, θ
        { new ArimaOrder(2, 0, 0, 0, 0, 1, 12), [0.6, -0.3, -0.7] },            // φ₁, φ₂, Θ
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void The_filter_gives_the_exact_gaussian_likelihood(ArimaOrder order, double[] values)
    {
        var coefficients = new ArimaCoefficients(order, values);
        var rng = new Rng(3);
        var w = Enumerable.Range(0, 90).Select(_ => rng.Normal() + coefficients.Mean).ToArray();
        var (filtered, sigma2) = ArimaLikelihood.Evaluate(coefficients, w);
        var (direct, directSigma2) = Direct(coefficients, w);
        Assert.True(Math.Abs(filtered - direct) < 1e-8 * Math.Abs(direct), $"-2 log L: filter {filtered:R}, direct {direct:R}");
        Assert.True(Math.Abs(sigma2 - directSigma2) < 1e-9 * directSigma2, $"σ²: filter {sigma2:R}, direct {directSigma2:R}");
    }

    private static (double Minus2LogL, double Sigma2) Direct(ArimaCoefficients coefficients, double[] w)
    {
        int n = w.Length;
        var psi = Psi(coefficients, 4000);
        var gamma = new double[n];
        for (int k = 0; k < n; k++)
            for (int i = 0; i + k < psi.Length; i++) gamma[k] += psi[i] * psi[i + k];
        var l = new double[n, n];                                   // Γ = L Lᵀ
        double logDet = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double sum = gamma[i - j];
                for (int k = 0; k < j; k++) sum -= l[i, k] * l[j, k];
                if (i == j) { l[i, i] = Math.Sqrt(sum); logDet += 2 * Math.Log(l[i, i]); }
                else l[i, j] = sum / l[j, j];
            }
        var z = new double[n];                                      // L z = x: xᵀ Γ⁻¹ x = zᵀ z
        double quadratic = 0;
        for (int i = 0; i < n; i++)
        {
            double sum = w[i] - coefficients.Mean;
            for (int k = 0; k < i; k++) sum -= l[i, k] * z[k];
            z[i] = sum / l[i, i];
            quadratic += z[i] * z[i];
        }
        double sigma2 = quadratic / n;
        return (n * Math.Log(2 * Math.PI * sigma2) + n + logDet, sigma2);
    }

    /// <summary>ψ_0..ψ_{count-1} of x_t = Σ ψ_i e_{t-i}: ψ_j = b_j + Σ_k a_k ψ_{j-k} (b_0 = 1).</summary>
    private static double[] Psi(ArimaCoefficients coefficients, int count)
    {
        var psi = new double[count];
        var b = new double[count];
        b[0] = 1;
        foreach (var term in coefficients.ExpandedMa()) b[term.Lag] = term.Coefficient;
        var ar = coefficients.ExpandedAr();
        for (int j = 0; j < count; j++)
        {
            psi[j] = b[j];
            foreach (var term in ar) if (j - term.Lag >= 0) psi[j] += term.Coefficient * psi[j - term.Lag];
        }
        return psi;
    }
}
