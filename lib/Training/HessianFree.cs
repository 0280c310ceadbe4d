using System.Numerics;
using RnnLstm.Models;
using RnnLstm.Numerics;

namespace RnnLstm.Training;

/// <summary>The settings of <see cref="HessianFree{T}"/>; the defaults follow Martens (2010) and Martens &amp; Sutskever (2011).</summary>
public sealed record HessianFreeOptions
{
    /// <summary>λ_0, the first Tikhonov damping (λ then adapts by the Levenberg–Marquardt rule).</summary>
    public double InitialDamping { get; init; } = 1.0;
    /// <summary>μ: the structural damping of the hidden states is λμ (Martens &amp; Sutskever used about 1/30).</summary>
    public double StructuralDamping { get; init; } = 1.0 / 30;
    /// <summary>Sequences of each gradient batch (its first ones) on which the curvature is measured; 0: all of them.</summary>
    public int CurvatureBatchSize { get; init; } = 0;
    /// <summary>Most CG iterations per update.</summary>
    public int MaxCgIterations { get; init; } = 250;
    /// <summary>ζ: CG starts from ζ times the previous update's last CG iterate.</summary>
    public double CgDecay { get; init; } = 0.95;
    /// <summary>ε of CG's relative-progress stopping test (<see cref="ConjugateGradient"/>).</summary>
    public double CgTolerance { get; init; } = 5e-4;
    /// <summary>Halving steps of the final line search (factor 0.8 each) before the update is rejected.</summary>
    public int LineSearchSteps { get; init; } = 12;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        if (!(InitialDamping > 0)) throw new ArgumentOutOfRangeException(nameof(InitialDamping), InitialDamping, "InitialDamping (λ) must be positive.");
        if (!(StructuralDamping >= 0)) throw new ArgumentOutOfRangeException(nameof(StructuralDamping), StructuralDamping, "StructuralDamping (μ) must be 0 or more.");
        if (CurvatureBatchSize < 0) throw new ArgumentOutOfRangeException(nameof(CurvatureBatchSize), CurvatureBatchSize, "CurvatureBatchSize must be 0 (all) or positive.");
        if (MaxCgIterations <= 0) throw new ArgumentOutOfRangeException(nameof(MaxCgIterations), MaxCgIterations, "MaxCgIterations must be positive.");
        if (!(CgDecay >= 0 && CgDecay <= 1)) throw new ArgumentOutOfRangeException(nameof(CgDecay), CgDecay, "CgDecay (ζ) must be in [0, 1].");
        if (!(CgTolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(CgTolerance), CgTolerance, "CgTolerance must be 0 or more.");
        if (LineSearchSteps < 0) throw new ArgumentOutOfRangeException(nameof(LineSearchSteps), LineSearchSteps, "LineSearchSteps must be 0 or more.");
    }
}

/// <summary>What one Hessian-free update did.</summary>
/// <param name="Loss">f(θ) on the gradient batch before the update.</param>
/// <param name="NewLoss">f(θ + α p) on the same batch after it.</param>
/// <param name="Damping">λ used by this update's CG (the next update uses <see cref="HessianFree{T}.Damping"/>).</param>
/// <param name="CgIterations">CG iterations run.</param>
/// <param name="ChosenIterate">The CG iteration whose iterate backtracking chose.</param>
/// <param name="ReductionRatio">ρ = (f(θ + p) - f(θ)) / q(p): how well the quadratic model predicted the change.</param>
/// <param name="StepSize">α of the line search (1: the full step; 0: rejected).</param>
public sealed record HessianFreeStep(double Loss, double NewLoss, double Damping, int CgIterations, int ChosenIterate,
    double ReductionRatio, double StepSize);

/// <summary>
/// Hessian-free (truncated Newton) optimization of a one-layer Elman RNN with squared error, as Martens &amp; Sutskever
/// (2011) trained RNNs on long-range problems: each update minimizes a damped quadratic model of the loss with
/// conjugate gradient, using only curvature–vector products.
/// </summary>
/// <remarks>
/// <para>Loss f(θ) = (1/n) Σ (y - t)² over the n output values of a batch (<see cref="Losses.MeanSquaredError{T}"/>).
/// One update, on a gradient batch of B sequences whose first B_c form the curvature batch:</para>
/// <code>
/// g = ∇f(θ)                                   forward + backward on all B sequences
/// G v = Jᵀ H_ℓ J v,  H_ℓ = (2/n) I            Gauss–Newton product on the B_c curvature sequences:
///                                              J v by the R-operator pass (ElmanDirectionalPass), Jᵀ(·) by backprop
/// S v = (1/B_c) Σ_t J_{h_t}ᵀ J_{h_t} v         structural damping: the curvature of ½‖h_t(θ + p) - h_t(θ)‖², the
///                                              R(h_t) of the same pass injected as dL/dh_t into the same backprop
/// A = G + λ I + λμ S
/// p = argmin q(p) = ½ pᵀ A p + gᵀ p            CG from ζ p_prev, Martens's stopping test, iterates kept (ConjugateGradient)
/// backtracking: the latest kept iterate, then earlier ones while f on the gradient batch keeps falling
/// ρ = (f(θ + p) - f(θ)) / q(p);  λ ← 3λ/2 if ρ &lt; ¼,  λ ← 2λ/3 if ρ &gt; ¾   (Levenberg–Marquardt)
/// line search: α = 1, 0.8, 0.8², ... until f(θ + α p) ≤ f(θ) + 0.01 α gᵀp (else no update)
/// θ ← θ + α p
/// </code>
/// <para>G is positive semi-definite for any weights (unlike the Hessian), so CG on A is well posed. Structural damping
/// keeps the update from changing the hidden states much, because in an RNN a small change of the weights can move
/// the states a long way through many steps and the quadratic model is then badly wrong even when λ is small. ρ uses
/// the damped quadratic q that CG minimized. CG runs in float64 whatever T is; the model's passes run in T.</para>
/// </remarks>
public sealed class HessianFree<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly SequenceModel<T> _model;
    private readonly ElmanDirectionalPass<T> _pass;
    private readonly double[] _gradient, _theta, _previous, _trial;
    private readonly T[] _direction;
    private T[] _y = [], _dy = [], _xc = [], _inject = [];
    private int[] _lengthsC = [];
    private int _stepsC, _batchC, _updates, _yLength;
    private bool _lengthsGiven;

    /// <summary>Prepares HF for <paramref name="model"/> (one Elman layer) with <paramref name="options"/> (defaults if null).</summary>
    public HessianFree(SequenceModel<T> model, HessianFreeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Options = options ?? new HessianFreeOptions();
        Options.Validate();
        _model = model;
        _pass = new ElmanDirectionalPass<T>(model);
        int n = model.Parameters.Count;
        _gradient = new double[n];
        _theta = new double[n];
        _previous = new double[n];
        _trial = new double[n];
        _direction = new T[n];
        Damping = Options.InitialDamping;
    }

    /// <summary>The settings.</summary>
    public HessianFreeOptions Options { get; }
    /// <summary>λ for the next update.</summary>
    public double Damping { get; private set; }
    /// <summary>y of the last <see cref="Step"/>'s gradient batch before its update, [N, O].</summary>
    public ReadOnlySpan<T> Outputs => _y.AsSpan(0, _yLength);

    /// <summary>One Hessian-free update on a gradient batch x [T, B, I] with targets [N, O] (see the remarks).</summary>
    public HessianFreeStep Step(ReadOnlySpan<T> x, ReadOnlySpan<T> targets, int steps, int batch, ReadOnlySpan<int> lengths = default)
    {
        _updates++;
        double loss = LossAndGradient(x, targets, steps, batch, lengths, _gradient);
        if (!double.IsFinite(loss)) throw new TrainingDivergedException(1, _updates, "loss", $"the loss is {loss}");
        int curvatureBatch = Options.CurvatureBatchSize == 0 ? batch : Math.Min(Options.CurvatureBatchSize, batch);
        SetCurvatureBatch(x, steps, batch, lengths, curvatureBatch);

        double lambda = Damping, structural = lambda * Options.StructuralDamping;
        var start = _previous.AsSpan();
        for (int k = 0; k < start.Length; k++) start[k] *= Options.CgDecay;
        var iterates = ConjugateGradient.Minimize((v, result) =>
        {
            CurvatureProduct(v, result, structural);
            for (int k = 0; k < v.Length; k++) result[k] += lambda * v[k];
        }, _gradient, start, Options.MaxCgIterations, Options.CgTolerance);
        iterates[^1].Point.CopyTo(_previous, 0);

        CopyToDoubles(_model.Parameters.Values, _theta);
        int chosen = iterates.Count - 1;
        double best = LossAt(iterates[chosen].Point, 1, x, targets, steps, batch, lengths);
        while (chosen > 0)                                                    // backtrack while an earlier iterate is better
        {
            double earlier = LossAt(iterates[chosen - 1].Point, 1, x, targets, steps, batch, lengths);
            if (!(earlier < best)) break;
            best = earlier;
            chosen--;
        }
        var p = iterates[chosen].Point;
        double rho = (best - loss) / iterates[chosen].Value;
        if (!(rho >= 0.25)) Damping = lambda * 1.5;                           // includes ρ = NaN (a non-finite trial loss)
        else if (rho > 0.75) Damping = lambda * 2 / 3;

        double slope = System.Numerics.Tensors.TensorPrimitives.Dot<double>(_gradient, p), alpha = 1, after = best;
        for (int k = 0; !(after <= loss + 0.01 * alpha * slope); k++)      // Armijo line search along p
        {
            if (k == Options.LineSearchSteps) { alpha = 0; after = loss; break; }
            alpha *= 0.8;
            after = LossAt(p, alpha, x, targets, steps, batch, lengths);
        }
        SetParameters(p, alpha);
        return new HessianFreeStep(loss, after, lambda, iterates[^1].Iteration, iterates[chosen].Iteration, rho, alpha);
    }

    /// <summary>f(θ) on a batch and its gradient into <paramref name="gradient"/>; keeps y in <see cref="Outputs"/>.</summary>
    public double LossAndGradient(ReadOnlySpan<T> x, ReadOnlySpan<T> targets, int steps, int batch, ReadOnlySpan<int> lengths, Span<double> gradient)
    {
        if (gradient.Length != _model.Parameters.Count)
            throw new ArgumentException($"gradient has {gradient.Length} values; the model has {_model.Parameters.Count} parameters.", nameof(gradient));
        var y = _model.Forward(x, steps, batch, lengths);
        if (targets.Length != y.Length) throw new ArgumentException($"targets has {targets.Length} values; the output has {y.Length}.", nameof(targets));
        _yLength = y.Length;
        Buffers.Grow(ref _y, y.Length);
        Buffers.Grow(ref _dy, y.Length);
        y.CopyTo(_y);
        var dy = _dy.AsSpan(0, y.Length);
        double loss = MeanSquaredError(y, targets, dy);
        _model.Parameters.ZeroGradients();
        _model.Backward(dy, inputGradient: false);
        CopyToDoubles(_model.Parameters.Gradients, gradient);
        return loss;
    }

    /// <summary>f = (1/n) Σ (y - t)² in float64, and dL/dy = 2 (y - t) / n into <paramref name="dy"/> unless it is empty.</summary>
    private static double MeanSquaredError(ReadOnlySpan<T> y, ReadOnlySpan<T> targets, Span<T> dy)
    {
        double sum = 0, scale = 2.0 / y.Length;
        for (int k = 0; k < y.Length; k++)
        {
            double e = double.CreateChecked(y[k]) - double.CreateChecked(targets[k]);
            sum += e * e;
            if (!dy.IsEmpty) dy[k] = T.CreateChecked(scale * e);
        }
        return sum / y.Length;
    }

    /// <summary>
    /// Runs the forward pass of the curvature batch (the first <paramref name="curvatureBatch"/> sequences of x) and
    /// keeps its states for <see cref="CurvatureProduct"/>.
    /// </summary>
    public void SetCurvatureBatch(ReadOnlySpan<T> x, int steps, int batch, ReadOnlySpan<int> lengths, int curvatureBatch)
    {
        int I = _model.Spec.InputSize;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(curvatureBatch);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(curvatureBatch, batch);
        if (x.Length != steps * batch * I)
            throw new ArgumentException($"x has {x.Length} values; [T, B, I] = [{steps}, {batch}, {I}] needs {steps * batch * I}.", nameof(x));
        _lengthsGiven = !lengths.IsEmpty;
        Buffers.Grow(ref _lengthsC, curvatureBatch);
        int stepsC = 0;
        for (int b = 0; b < curvatureBatch; b++)
        {
            _lengthsC[b] = _lengthsGiven ? lengths[b] : steps;
            stepsC = Math.Max(stepsC, _lengthsC[b]);
        }
        _stepsC = stepsC;
        _batchC = curvatureBatch;
        Buffers.Grow(ref _xc, stepsC * curvatureBatch * I);
        for (int t = 0; t < stepsC; t++)                                      // rows b < B_c of each step
            x.Slice(t * batch * I, curvatureBatch * I).CopyTo(_xc.AsSpan(t * curvatureBatch * I, curvatureBatch * I));
        _model.Forward(CurvatureInput, stepsC, curvatureBatch, CurvatureLengths);
    }

    /// <summary>
    /// result = G v + s S v on the curvature batch (<see cref="SetCurvatureBatch"/>), with G the Gauss–Newton matrix of
    /// the loss and S the structural-damping curvature of the hidden states (see the remarks); s = λμ in an update.
    /// The model's weights must not have changed since <see cref="SetCurvatureBatch"/>.
    /// </summary>
    public void CurvatureProduct(ReadOnlySpan<double> v, Span<double> result, double structural = 0)
    {
        int n = _model.Parameters.Count;
        if (_batchC == 0) throw new InvalidOperationException("Call SetCurvatureBatch first.");
        if (v.Length != n) throw new ArgumentException($"v has {v.Length} values; the model has {n} parameters.", nameof(v));
        if (result.Length != n) throw new ArgumentException($"result has {result.Length} values; the model has {n} parameters.", nameof(result));
        for (int k = 0; k < n; k++) _direction[k] = T.CreateChecked(v[k]);
        var ry = _pass.Run(_direction, CurvatureInput, _stepsC, _batchC, CurvatureLengths);   // J v
        Buffers.Grow(ref _dy, ry.Length);
        var dy = _dy.AsSpan(0, ry.Length);
        T scale = T.CreateChecked(2.0 / ry.Length);
        for (int k = 0; k < ry.Length; k++) dy[k] = scale * ry[k];            // H_ℓ J v, H_ℓ = (2/n) I

        _model.Parameters.ZeroGradients();
        var dTop = _model.Head.Backward(dy);
        bool everyStep = _model.Spec.Output == OutputMode.EveryStep;
        ReadOnlySpan<T> dOutputs = everyStep ? dTop : default, dFinal = everyStep ? default : dTop;
        if (structural > 0)
        {
            int H = _model.Layers[0].HiddenSize, BH = _batchC * H;
            Buffers.Grow(ref _inject, _stepsC * BH);
            var inject = _inject.AsSpan(0, _stepsC * BH);
            var rh = _pass.HiddenDirections;
            T s = T.CreateChecked(structural / _batchC);
            for (int t = 0; t < _stepsC; t++)                                 // dL/dh_{t+1} += (λμ / B_c) R(h_{t+1}) on real steps
                for (int b = 0; b < _batchC; b++)
                {
                    var into = inject.Slice(t * BH + b * H, H);
                    if (t >= _lengthsC[b]) { into.Clear(); continue; }
                    var from = rh.Slice((t + 1) * BH + b * H, H);
                    for (int k = 0; k < H; k++) into[k] = s * from[k];
                }
            if (everyStep) System.Numerics.Tensors.TensorPrimitives.Add<T>(inject, dTop, inject);
            dOutputs = inject;
        }
        _model.Layers[0].Backward(dOutputs, dFinal, default, inputGradient: false);
        CopyToDoubles(_model.Parameters.Gradients, result);
    }

    private ReadOnlySpan<T> CurvatureInput => _xc.AsSpan(0, _stepsC * _batchC * _model.Spec.InputSize);
    private ReadOnlySpan<int> CurvatureLengths => _lengthsGiven ? _lengthsC.AsSpan(0, _batchC) : default;

    /// <summary>f(θ + α p) on the gradient batch (forward only); +∞ if it is not finite.</summary>
    private double LossAt(ReadOnlySpan<double> p, double alpha, ReadOnlySpan<T> x, ReadOnlySpan<T> targets, int steps, int batch, ReadOnlySpan<int> lengths)
    {
        SetParameters(p, alpha);
        double loss = MeanSquaredError(_model.Forward(x, steps, batch, lengths), targets, default);
        return double.IsFinite(loss) ? loss : double.PositiveInfinity;
    }

    /// <summary>θ = θ_0 + α p, θ_0 the weights when the update began.</summary>
    private void SetParameters(ReadOnlySpan<double> p, double alpha)
    {
        var values = _model.Parameters.Values;
        for (int k = 0; k < values.Length; k++) values[k] = T.CreateChecked(_theta[k] + alpha * p[k]);
    }

    private static void CopyToDoubles(ReadOnlySpan<T> source, Span<double> destination)
    {
        for (int k = 0; k < source.Length; k++) destination[k] = double.CreateChecked(source[k]);
    }
}
