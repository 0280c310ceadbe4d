using System.Numerics;

namespace RnnLstm.Numerics;

/// <summary>
/// All trainable numbers of a model in one contiguous buffer, with a gradient buffer of the same layout.
/// </summary>
/// <remarks>
/// Each weight matrix or bias vector is a named <see cref="Parameter{T}"/>: a view (offset, rows, columns) into
/// <see cref="Values"/> and, at the same offset, into <see cref="Gradients"/>. Because everything lives in one span,
/// an optimizer, gradient clipping, a gradient check and save/load are each a single loop, and no code has to know
/// which layer a number belongs to. Layout is fixed once the model is built; views are added while building.
/// </remarks>
public sealed class ParameterSet<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private T[] _values = [];
    private T[] _gradients = [];
    private readonly List<Parameter<T>> _parameters = [];

    /// <summary>Total number of scalars.</summary>
    public int Count { get; private set; }

    /// <summary>Every parameter value, in registration order.</summary>
    public Span<T> Values => _values.AsSpan(0, Count);

    /// <summary>dL/dθ for every value, same layout as <see cref="Values"/>. Backward passes accumulate into it.</summary>
    public Span<T> Gradients => _gradients.AsSpan(0, Count);

    /// <summary>The named views, in registration order.</summary>
    public IReadOnlyList<Parameter<T>> Parameters => _parameters;

    /// <summary>Registers a new <paramref name="rows"/> × <paramref name="cols"/> parameter (a vector has one column), zero-initialized.</summary>
    public Parameter<T> Add(string name, int rows, int cols = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cols);
        if (_parameters.Any(p => p.Name == name))
            throw new ArgumentException($"A parameter named '{name}' already exists.", nameof(name));

        var parameter = new Parameter<T>(this, name, Count, rows, cols);
        int needed = Count + parameter.Length;
        if (needed > _values.Length)
        {
            int capacity = Math.Max(needed, _values.Length * 2);
            Array.Resize(ref _values, capacity);
            Array.Resize(ref _gradients, capacity);
        }
        Count = needed;
        _parameters.Add(parameter);
        return parameter;
    }

    /// <summary>The parameter called <paramref name="name"/>.</summary>
    public Parameter<T> this[string name] =>
        _parameters.FirstOrDefault(p => p.Name == name)
        ?? throw new KeyNotFoundException($"No parameter named '{name}'. Known: {string.Join(", ", _parameters.Select(p => p.Name))}.");

    /// <summary>Sets every gradient to zero (backward passes accumulate, so call this before each one).</summary>
    public void ZeroGradients() => Gradients.Clear();

    /// <summary>Which parameter, and which (row, column) inside it, holds the flat index <paramref name="index"/>.</summary>
    public (Parameter<T> Parameter, int Row, int Col) Locate(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        foreach (var p in _parameters)
        {
            if (index < p.Offset + p.Length)
            {
                int local = index - p.Offset;
                return (p, local / p.Cols, local % p.Cols);
            }
        }
        throw new InvalidOperationException("unreachable");
    }
}

/// <summary>A named matrix (rows × cols, row-major) or vector (cols = 1) inside a <see cref="ParameterSet{T}"/>.</summary>
public sealed class Parameter<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ParameterSet<T> _owner;

    internal Parameter(ParameterSet<T> owner, string name, int offset, int rows, int cols)
    {
        _owner = owner;
        Name = name;
        Offset = offset;
        Rows = rows;
        Cols = cols;
    }

    /// <summary>Name, e.g. <c>layer0.U</c>.</summary>
    public string Name { get; }
    /// <summary>Start of this parameter in the owning set's flat buffers.</summary>
    public int Offset { get; }
    /// <summary>Number of rows.</summary>
    public int Rows { get; }
    /// <summary>Number of columns (1 for a vector).</summary>
    public int Cols { get; }
    /// <summary>Rows × Cols.</summary>
    public int Length => Rows * Cols;

    /// <summary>The values, row-major.</summary>
    public Span<T> Value => _owner.Values.Slice(Offset, Length);
    /// <summary>The accumulated gradient, same layout as <see cref="Value"/>.</summary>
    public Span<T> Grad => _owner.Gradients.Slice(Offset, Length);

    /// <inheritdoc/>
    public override string ToString() => Cols == 1 ? $"{Name} [{Rows}]" : $"{Name} [{Rows}×{Cols}]";
}
