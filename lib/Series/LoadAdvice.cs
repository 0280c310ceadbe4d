using System.Globalization;

namespace RnnLstm.Series;

/// <summary>Who reads the loader's messages, so that advice names what that reader can change.</summary>
public enum MessageAudience
{
    /// <summary>Code calling <see cref="SeriesCsv.Load"/>: advice names <see cref="LoadOptions"/> properties.</summary>
    Library,
    /// <summary>The <c>rnnlstm</c> command line: advice names its flags (<c>--column t</c>).</summary>
    Cli,
    /// <summary>A notebook: advice names the variables of its parameters cell (<c>valueColumn = "t"</c>).</summary>
    Notebook,
}

/// <summary>A loader setting that a message may tell the reader to change.</summary>
internal enum LoadSetting { ValueColumn, DateColumn, FillMissing, DateFormat, DecimalSeparator }

/// <summary>
/// The one source of the loader's advice wording: every message is written once, and the setting it recommends is
/// named here in the reader's own terms (<see cref="MessageAudience"/>).
/// </summary>
internal static class LoadAdvice
{
    /// <summary>Property of <see cref="LoadOptions"/>, CLI flag, parameters-cell variable; and whether the value is a switch.</summary>
    private static readonly Dictionary<LoadSetting, (string Property, string Flag, string Variable, bool Switch)> Names = new()
    {
        [LoadSetting.ValueColumn] = (nameof(LoadOptions.ValueColumn), "--column", "valueColumn", false),
        [LoadSetting.DateColumn] = (nameof(LoadOptions.DateColumn), "--date-column", "dateColumn", false),
        [LoadSetting.FillMissing] = (nameof(LoadOptions.FillMissing), "--fill-missing", "fillMissing", true),
        [LoadSetting.DateFormat] = (nameof(LoadOptions.DateFormat), "--date-format", "dateFormat", false),
        [LoadSetting.DecimalSeparator] = (nameof(LoadOptions.DecimalSeparator), "--decimal", "decimalSeparator", false),
    };

    /// <summary>The setting's name: <c>LoadOptions.ValueColumn</c>, <c>--column</c> or <c>valueColumn (parameters cell)</c>.</summary>
    public static string Name(MessageAudience audience, LoadSetting setting)
    {
        var n = Names[setting];
        return audience switch
        {
            MessageAudience.Cli => n.Flag,
            MessageAudience.Notebook => $"{n.Variable} (parameters cell)",
            _ => $"LoadOptions.{n.Property}",
        };
    }

    /// <summary>
    /// How to set it: <c>new LoadOptions { ValueColumn = "t" }</c>, <c>--column t</c> or <c>valueColumn = "t"</c> in the
    /// parameters cell. A switch (<see cref="LoadSetting.FillMissing"/>) ignores <paramref name="value"/> and is set to true.
    /// </summary>
    public static string Set(MessageAudience audience, LoadSetting setting, string value = "")
    {
        var n = Names[setting];
        string literal = n.Switch ? "true" : Quote(setting, value);
        return audience switch
        {
            MessageAudience.Cli => n.Switch ? n.Flag : $"{n.Flag} {(value.Contains(' ') ? $"\"{value}\"" : value)}",
            MessageAudience.Notebook => $"{n.Variable} = {(n.Switch ? "true" : $"\"{value}\"")} in the parameters cell",
            _ => $"new LoadOptions {{ {n.Property} = {literal} }}",
        };
    }

    /// <summary>A C# literal for the library wording: a char for the decimal separator, a string otherwise.</summary>
    private static string Quote(LoadSetting setting, string value) =>
        setting == LoadSetting.DecimalSeparator && value.Length == 1
            ? $"'{value}'"
            : "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>A character for messages: "','" or "tab".</summary>
    public static string Show(char c) => c == '\t' ? "tab" : FormattableString.Invariant($"'{c}'");
}
