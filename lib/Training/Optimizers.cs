using System.Numerics;
using RnnLstm.Numerics;

namespace RnnLstm.Training;

/// <summary>Updates parameters from their gradients. Each optimizer is one loop over the flat parameter buffer.</summary>
public interface IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Name and settings, for logs.</summary>
    string Name { get; }
    /// <summary>Step size.</summary>
    double LearningRate { get; set; }
    /// <summary>θ ← update(θ, dL/dθ). Does not zero the gradients.</summary>
    void Step(ParameterSet<T> parameters);
}

/// <summary>Plain stochastic gradient descent: θ ← θ - η g.</summary>
public sealed class Sgd<T>(double learningRate) : IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public double LearningRate { get; set; } = Optimizers.CheckRate(learningRate);
    /// <inheritdoc/>
    public string Name => $"SGD(η={LearningRate})";

    /// <inheritdoc/>
    public void Step(ParameterSet<T> parameters)
    {
        var theta = parameters.Values;
        var g = parameters.Gradients;
        T eta = T.CreateChecked(LearningRate);
        for (int k = 0; k < theta.Length; k++) theta[k] -= eta * g[k];
    }
}

/// <summary>SGD with momentum: v ← μ v - η g; θ ← θ + v. The velocity keeps moving along directions where the
/// gradient is small but consistent, which plain SGD crawls along.</summary>
public sealed class Momentum<T>(double learningRate, double momentum = 0.9) : IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private T[] _velocity = [];

    /// <inheritdoc/>
    public double LearningRate { get; set; } = Optimizers.CheckRate(learningRate);
    /// <summary>μ.</summary>
    public double Mu { get; } = momentum is >= 0 and < 1 ? momentum : throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Momentum must be in [0, 1).");
    /// <inheritdoc/>
    public string Name => $"Momentum(η={LearningRate}, μ={Mu})";

    /// <inheritdoc/>
    public void Step(ParameterSet<T> parameters)
    {
        Buffers.Grow(ref _velocity, parameters.Count);
        var theta = parameters.Values;
        var g = parameters.Gradients;
        T eta = T.CreateChecked(LearningRate), mu = T.CreateChecked(Mu);
        for (int k = 0; k < theta.Length; k++)
        {
            _velocity[k] = mu * _velocity[k] - eta * g[k];
            theta[k] += _velocity[k];
        }
    }
}

/// <summary>How a <see cref="MomentumSchedule"/> goes from μ_0 to μ_max.</summary>
public enum MomentumShape
{
    /// <summary>μ_t = min(μ_max, 1 - (1 - μ_0) / (⌊t / P⌋ + 1)): rising in steps every P updates (the schedule of
    /// Sutskever et al.'s autoencoder experiments).</summary>
    Rising,
    /// <summary>μ_t = μ_0 for t &lt; P, then μ_max: one jump (their RNN experiments: 0.9 for 1,000 updates, then 0.995).</summary>
    Step,
}

/// <summary>
/// A momentum schedule (Sutskever, Martens, Dahl &amp; Hinton 2013), μ_t at update t (counting from 0):
/// <see cref="MomentumShape.Rising"/> μ_t = min(μ_max, 1 - (1 - μ_0) / (⌊t / P⌋ + 1)), or
/// <see cref="MomentumShape.Step"/> μ_t = μ_0 for t &lt; P, then μ_max.
/// </summary>
/// <remarks>Rising with μ_0 = 0.5 and P = 250 is the paper's μ_t = min(1 - 2^(-1 - log₂(⌊t/250⌋ + 1)), μ_max) (its
/// autoencoders); Step with 0.9, 0.995 and P = 1,000 is what it used for RNNs.
/// The effective step along a steady gradient is η / (1 - μ): small while the weights are far from anything sensible,
/// up to 100 or 200 times η once μ reaches 0.99 or 0.995.</remarks>
/// <param name="Start">μ_0, the momentum of the first P updates.</param>
/// <param name="Max">μ_max, the ceiling.</param>
/// <param name="Period">P, updates between rises (Rising) or before the jump (Step).</param>
/// <param name="Shape">Rising (the default) or Step.</param>
public sealed record MomentumSchedule(double Start = 0.9, double Max = 0.99, int Period = 250, MomentumShape Shape = MomentumShape.Rising)
{
    /// <summary>μ_t.</summary>
    public double At(long update)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(update);
        return Shape == MomentumShape.Step
            ? update < Period ? Start : Max
            : Math.Min(Max, 1 - (1 - Start) / (update / Period + 1));
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        if (!(Start is >= 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(Start), Start, "Start must be in [0, 1).");
        if (!(Max is >= 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(Max), Max, "Max must be in [0, 1).");
        if (Period <= 0) throw new ArgumentOutOfRangeException(nameof(Period), Period, "Period must be positive.");
        if (!Enum.IsDefined(Shape)) throw new ArgumentOutOfRangeException(nameof(Shape), Shape, "Unknown momentum shape.");
    }

    /// <inheritdoc/>
    public override string ToString() => Shape == MomentumShape.Step
        ? $"μ {Start} for {Period:N0} updates, then {Max}"
        : $"μ {Start} → {Max} (rising every {Period} updates)";
}

/// <summary>
/// Nesterov's accelerated gradient as momentum (Sutskever et al. 2013): the gradient is taken at the point the
/// velocity is about to carry the weights to, so a velocity that overshoots is corrected one step earlier than with
/// classical momentum:  v_{t+1} = μ_t v_t - η ∇L(θ_t + μ_t v_t);  θ_{t+1} = θ_t + v_{t+1}.
/// </summary>
/// <remarks>
/// The stored parameters are the look-ahead point Θ_t = θ_t + μ_t v_t (the gradient the trainer hands over is taken
/// there), which turns the update into one loop:  v ← μ_t v - η g;  Θ ← Θ + μ_{t+1} v - η g.
/// With a constant μ and Θ read as θ this differs from <see cref="Momentum{T}"/> only by the look-ahead.
/// </remarks>
public sealed class NesterovMomentum<T> : IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private T[] _velocity = [];

    /// <summary>η and a momentum schedule (<see cref="MomentumSchedule"/>).</summary>
    public NesterovMomentum(double learningRate, MomentumSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        schedule.Validate();
        LearningRate = Optimizers.CheckRate(learningRate);
        _schedule = schedule;
    }

    /// <inheritdoc/>
    public double LearningRate { get; set; }
    /// <summary>μ_t as a function of the update count; may be replaced while training (e.g. by the constant μ of a final phase).</summary>
    public MomentumSchedule Schedule
    {
        get => _schedule;
        set { ArgumentNullException.ThrowIfNull(value); value.Validate(); _schedule = value; }
    }
    private MomentumSchedule _schedule = new();
    /// <summary>Updates made so far.</summary>
    public long Updates { get; private set; }
    /// <inheritdoc/>
    public string Name => $"Nesterov(η={LearningRate}, {Schedule})";

    /// <inheritdoc/>
    public void Step(ParameterSet<T> parameters)
    {
        Buffers.Grow(ref _velocity, parameters.Count);
        var theta = parameters.Values;
        var g = parameters.Gradients;
        T eta = T.CreateChecked(LearningRate), mu = T.CreateChecked(Schedule.At(Updates)), muNext = T.CreateChecked(Schedule.At(Updates + 1));
        for (int k = 0; k < theta.Length; k++)
        {
            T step = eta * g[k];
            _velocity[k] = mu * _velocity[k] - step;
            theta[k] += muNext * _velocity[k] - step;
        }
        Updates++;
    }
}

/// <summary>Adagrad: s ← s + g²; θ ← θ - η g / (√s + ε). Each parameter's step shrinks with the gradient it has seen
/// (min-char-rnn's optimizer).</summary>
public sealed class Adagrad<T>(double learningRate, double epsilon = 1e-8) : IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private T[] _sumSquares = [];

    /// <inheritdoc/>
    public double LearningRate { get; set; } = Optimizers.CheckRate(learningRate);
    /// <inheritdoc/>
    public string Name => $"Adagrad(η={LearningRate})";

    /// <inheritdoc/>
    public void Step(ParameterSet<T> parameters)
    {
        Buffers.Grow(ref _sumSquares, parameters.Count);
        var theta = parameters.Values;
        var g = parameters.Gradients;
        T eta = T.CreateChecked(LearningRate), eps = T.CreateChecked(epsilon);
        for (int k = 0; k < theta.Length; k++)
        {
            _sumSquares[k] += g[k] * g[k];
            theta[k] -= eta * g[k] / (T.Sqrt(_sumSquares[k]) + eps);
        }
    }
}

/// <summary>
/// Adam (Kingma &amp; Ba, 2015): running means of g and g², bias-corrected:
/// m ← β₁ m + (1-β₁) g;  v ← β₂ v + (1-β₂) g²;  θ ← θ - η m̂ / (√v̂ + ε), with m̂ = m / (1-β₁ᵗ), v̂ = v / (1-β₂ᵗ).
/// </summary>
/// <remarks>Defaults follow Keras (η = 0.001, ε = 1e-7), the library Brownlee's forecasting results came from.</remarks>
public sealed class Adam<T>(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7)
    : IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private T[] _m = [], _v = [];
    private int _t;

    /// <inheritdoc/>
    public double LearningRate { get; set; } = Optimizers.CheckRate(learningRate);
    /// <inheritdoc/>
    public string Name => $"Adam(η={LearningRate}, β₁={beta1}, β₂={beta2})";

    /// <inheritdoc/>
    public void Step(ParameterSet<T> parameters)
    {
        Buffers.Grow(ref _m, parameters.Count);
        Buffers.Grow(ref _v, parameters.Count);
        _t++;
        var theta = parameters.Values;
        var g = parameters.Gradients;
        T b1 = T.CreateChecked(beta1), b2 = T.CreateChecked(beta2), eps = T.CreateChecked(epsilon);
        T stepSize = T.CreateChecked(LearningRate * Math.Sqrt(1 - Math.Pow(beta2, _t)) / (1 - Math.Pow(beta1, _t)));
        T epsHat = eps * T.CreateChecked(Math.Sqrt(1 - Math.Pow(beta2, _t))); // ε applied to v̂, folded into the step
        for (int k = 0; k < theta.Length; k++)
        {
            _m[k] = b1 * _m[k] + (T.One - b1) * g[k];
            _v[k] = b2 * _v[k] + (T.One - b2) * g[k] * g[k];
            theta[k] -= stepSize * _m[k] / (T.Sqrt(_v[k]) + epsHat);
        }
    }
}

internal static class Optimizers
{
    public static double CheckRate(double learningRate) =>
        double.IsFinite(learningRate) && learningRate > 0 ? learningRate
        : throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be positive and finite.");
}
