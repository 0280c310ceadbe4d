using System.Globalization;

namespace RnnLstm.Cli;

/// <summary>
/// The arguments of one verb: <c>--name value</c> options, <c>--flag</c> switches and positional words, read with
/// typed getters that turn a bad value into a <see cref="UsageException"/> naming the option.
/// </summary>
/// <remarks>Every option a verb accepts must be read (or listed as a flag) before <see cref="EnsureAllUsed"/>, which
/// rejects anything left over, so a typo such as <c>--epoch</c> is an error instead of being silently ignored.</remarks>
public sealed class VerbArguments
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    /// <summary>Splits <paramref name="args"/>; <paramref name="flags"/> are the options that take no value.</summary>
    public VerbArguments(IReadOnlyList<string> args, params string[] flags)
    {
        ArgumentNullException.ThrowIfNull(args);
        for (int k = 0; k < args.Count; k++)
        {
            string word = args[k];
            if (!word.StartsWith("--", StringComparison.Ordinal)) { Positional.Add(word); continue; }
            if (_options.ContainsKey(word)) throw new UsageException($"{word} is given twice.");
            if (flags.Contains(word)) { _options[word] = null; continue; }
            if (k + 1 >= args.Count) throw new UsageException($"{word} needs a value.");
            _options[word] = args[++k];
        }
    }

    /// <summary>Words that are not options, in order.</summary>
    public List<string> Positional { get; } = [];

    /// <summary>Whether the switch <paramref name="name"/> was given.</summary>
    public bool Flag(string name)
    {
        _used.Add(name);
        return _options.ContainsKey(name);
    }

    /// <summary>The text of <paramref name="name"/>, or <paramref name="fallback"/>.</summary>
    public string? Text(string name, string? fallback = null)
    {
        _used.Add(name);
        return _options.TryGetValue(name, out var value) ? value : fallback;
    }

    /// <summary>An integer option of at least <paramref name="min"/>.</summary>
    public int Int(string name, int fallback, int min = int.MinValue) =>
        Parse(name, fallback, s => (int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v >= min, v),
            $"a whole number{(min > int.MinValue ? $" of at least {min}" : "")}");

    /// <summary>A positive real option (or in (0, 1) with <paramref name="fraction"/>).</summary>
    public double Double(string name, double fallback, bool fraction = false) =>
        Parse(name, fallback, s => (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v > 0 && (!fraction || v < 1), v),
            fraction ? "a number between 0 and 1" : "a positive number");

    /// <summary>A comma-separated list of integers of at least <paramref name="min"/>, e.g. <c>16,32,64</c>.</summary>
    public int[] IntList(string name, int[] fallback, int min = 1) =>
        Parse(name, fallback, s =>
        {
            var parts = s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var values = new int[parts.Length];
            bool ok = parts.Length > 0;
            for (int k = 0; k < parts.Length && ok; k++)
                ok = int.TryParse(parts[k], NumberStyles.Integer, CultureInfo.InvariantCulture, out values[k]) && values[k] >= min;
            return (ok, values);
        }, $"a comma-separated list of whole numbers of at least {min}");

    /// <summary>One of <paramref name="choices"/> (case-insensitive), mapped to its value.</summary>
    public T Choice<T>(string name, T fallback, IReadOnlyDictionary<string, T> choices) =>
        Parse(name, fallback, s => (choices.TryGetValue(s.ToLowerInvariant(), out var v), v!), $"one of {string.Join(", ", choices.Keys)}");

    /// <summary>Throws a <see cref="UsageException"/> for any option that no getter asked for.</summary>
    public void EnsureAllUsed()
    {
        var unknown = _options.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0) throw new UsageException($"unknown option{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown)}.");
    }

    private T Parse<T>(string name, T fallback, Func<string, (bool Ok, T Value)> parse, string expected)
    {
        _used.Add(name);
        if (!_options.TryGetValue(name, out var text)) return fallback;
        var (ok, value) = text is null ? (false, fallback) : parse(text);
        return ok ? value : throw new UsageException($"{name} must be {expected}; got '{text}'.");
    }
}
