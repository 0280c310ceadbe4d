namespace RnnLstm.Forecasting.Models;

/// <summary>
/// The estimated coefficients of an <see cref="ArimaOrder"/>, in one flat buffer with named views:
/// [φ₁..φ_p | Φ₁..Φ_P | θ₁..θ_q | Θ₁..Θ_Q | μ (when the order has a constant)]. μ is in the model's scaled units.
/// </summary>
public sealed class ArimaCoefficients
{
    /// <summary>The order these coefficients belong to.</summary>
    public ArimaOrder Order { get; }

    /// <summary>The flat buffer [<see cref="ArimaOrder.CoefficientCount"/>].</summary>
    public double[] Values { get; }

    /// <summary>Wraps <paramref name="values"/> (not copied) as the coefficients of <paramref name="order"/>.</summary>
    public ArimaCoefficients(ArimaOrder order, double[] values)
    {
        if (values.Length != order.CoefficientCount)
            throw new ArgumentException($"{order} has {order.CoefficientCount} coefficients; got {values.Length}.", nameof(values));
        Order = order;
        Values = values;
    }

    /// <summary>φ [p].</summary>
    public ReadOnlySpan<double> Ar => Values.AsSpan(0, Order.p);
    /// <summary>Φ [P].</summary>
    public ReadOnlySpan<double> SeasonalAr => Values.AsSpan(Order.p, Order.P);
    /// <summary>θ [q].</summary>
    public ReadOnlySpan<double> Ma => Values.AsSpan(Order.p + Order.P, Order.q);
    /// <summary>Θ [Q].</summary>
    public ReadOnlySpan<double> SeasonalMa => Values.AsSpan(Order.p + Order.P + Order.q, Order.Q);
    /// <summary>μ, the mean of the differenced (scaled) series; 0 without a constant.</summary>
    public double Mean => Order.Constant ? Values[^1] : 0;

    /// <summary>The expanded AR terms of φ(B)Φ(B^m), as used in w_t = Σ_k a_k w_{t-k} + ….</summary>
    public LagTerm[] ExpandedAr() => ArimaPolynomial.Expand(Ar, SeasonalAr, Order.SeasonLength, -1);

    /// <summary>The expanded MA terms of θ(B)Θ(B^m), as used in … + e_t + Σ_k b_k e_{t-k}.</summary>
    public LagTerm[] ExpandedMa() => ArimaPolynomial.Expand(Ma, SeasonalMa, Order.SeasonLength, +1);

    /// <summary>
    /// True when each AR factor is stationary and each MA factor invertible with every root of modulus ≥ 1.01
    /// (forecast's auto.arima test; the factors are tested separately, as their product's roots are theirs).
    /// </summary>
    public bool IsStationaryAndInvertible()
    {
        var negMa = Ma.ToArray().Select(v => -v).ToArray();
        var negSma = SeasonalMa.ToArray().Select(v => -v).ToArray();
        return ArimaPolynomial.RootsOutside(Ar) && ArimaPolynomial.RootsOutside(SeasonalAr)
            && ArimaPolynomial.RootsOutside(negMa) && ArimaPolynomial.RootsOutside(negSma);
    }
}
