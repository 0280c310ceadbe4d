using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.DotNet.Interactive.Documents;

namespace RnnLstm.Cli.Notebooks;

/// <summary>One variable declared in a notebook's parameters cell.</summary>
/// <param name="Name">The variable name.</param>
/// <param name="Type">Its type, when it is one that can be overridden (int, long, double, string, bool); else null.</param>
/// <param name="Declared">The declaration as written, e.g. <c>int seed = 42</c>, for messages.</param>
public sealed record NotebookParameter(string Name, Type? Type, string Declared);

/// <summary>
/// Papermill-style parameters. A notebook marks one code cell as its parameters cell by starting it with the line
/// <c>// Parameters</c> (the shipped notebooks also give it the Jupyter tag <c>parameters</c>, which papermill looks for);
/// that cell declares plain variables (<c>int seed = 42;</c>, <c>var dataFile = "../data/data.csv";</c>).
/// <c>-p name=value</c> on the command line adds a cell right after it that assigns the new values, converted to each
/// variable's declared type, so the rest of the notebook sees the overrides.
/// </summary>
/// <remarks>
/// Values computed inside the parameters cell from other parameters are not recomputed (as in papermill): keep that
/// cell to plain literals.
/// </remarks>
public static class NotebookParameters
{
    /// <summary>The first line that marks the parameters cell (compared ignoring case and surrounding spaces).</summary>
    public const string Marker = "// Parameters";

    /// <summary>The first line of the injected cell, so readers of the executed notebook see where values came from.</summary>
    public const string InjectedMarker = "// Injected parameters (rnnlstm notebooks -p)";

    /// <summary>The tag of the cell papermill inserts after the parameters cell. Its first line is <c>// Parameters</c> too,
    /// so a notebook papermill ran has two cells starting with the marker; the tagged one is not the parameters cell.</summary>
    public const string InjectedTag = "injected-parameters";

    private static readonly Dictionary<string, Type> SupportedKeywords = new()
    {
        ["int"] = typeof(int), ["long"] = typeof(long), ["double"] = typeof(double), ["string"] = typeof(string), ["bool"] = typeof(bool),
    };

    /// <summary>Index (in <see cref="InteractiveDocument.Elements"/>) of the parameters cell, or -1 if none.</summary>
    public static int FindCell(InteractiveDocument notebook)
    {
        var marked = notebook.Elements
            .Select((cell, index) => (cell, index))
            .Where(c => c.cell.KernelName != "markdown" && !HasTag(c.cell, InjectedTag) && FirstLine(c.cell.Contents).Equals(Marker, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (marked.Count > 1)
            throw new NotebookException($"{marked.Count} cells start with '{Marker}' (cells {string.Join(", ", marked.Select(m => m.index + 1))}); a notebook has one parameters cell.");
        return marked.Count == 0 ? -1 : marked[0].index;
    }

    /// <summary>
    /// Where the cell of overrides goes: right after the parameters cell at <paramref name="parametersCell"/>, and after
    /// any injected cells that follow it (papermill's, or this runner's from an earlier run), so the overrides come last.
    /// </summary>
    public static int InsertionIndex(InteractiveDocument notebook, int parametersCell)
    {
        int index = parametersCell + 1;
        while (index < notebook.Elements.Count && HasTag(notebook.Elements[index], InjectedTag)) index++;
        return index;
    }

    /// <summary>Marks <paramref name="cell"/> with the <see cref="InjectedTag"/>, as papermill marks the cell it injects.</summary>
    public static void TagAsInjected(InteractiveDocumentElement cell) =>
        cell.Metadata = new Dictionary<string, object> { ["tags"] = new object[] { InjectedTag } };

    /// <summary>True when the cell's Jupyter metadata lists <paramref name="tag"/> among its tags.</summary>
    private static bool HasTag(InteractiveDocumentElement cell, string tag) =>
        cell.Metadata?.TryGetValue("tags", out object? tags) == true && tags is IEnumerable<object> list && list.Any(t => t as string == tag);

    /// <summary>The variables declared at the top level of a parameters cell.</summary>
    public static IReadOnlyList<NotebookParameter> Declared(string cellCode)
    {
        var tree = CSharpSyntaxTree.ParseText(cellCode, new CSharpParseOptions(kind: SourceCodeKind.Script));
        return tree.GetCompilationUnitRoot().Members
            .Select(m => m switch
            {
                FieldDeclarationSyntax f => (f.Declaration, f.Modifiers),
                GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax l } => (l.Declaration, l.Modifiers),
                _ => default,
            })
            .Where(d => d.Declaration is not null)
            .SelectMany(d => d.Declaration.Variables.Select(v => new NotebookParameter(
                v.Identifier.Text,
                d.Modifiers.Any(SyntaxKind.ConstKeyword) ? null : TypeOf(d.Declaration.Type, v.Initializer?.Value),
                $"{(d.Modifiers.Any(SyntaxKind.ConstKeyword) ? "const " : "")}{d.Declaration.Type} {v}".Trim())))
            .ToList();
    }

    /// <summary>
    /// The code of the cell to inject after the parameters cell: one typed assignment per override.
    /// </summary>
    /// <exception cref="NotebookException">An unknown name (the message lists the known ones), a type that cannot be
    /// overridden, or a value that does not read as the variable's type.</exception>
    public static string OverrideCell(IReadOnlyList<NotebookParameter> declared, IReadOnlyList<KeyValuePair<string, string>> overrides)
    {
        var lines = new List<string> { InjectedMarker };
        foreach (var (name, text) in overrides)
        {
            var parameter = declared.FirstOrDefault(p => p.Name == name)
                ?? throw new NotebookException($"unknown parameter '{name}'. The parameters cell declares: {Describe(declared)}.");
            if (parameter.Type is null)
                throw new NotebookException($"parameter '{name}' ({parameter.Declared}) cannot be overridden: only non-const int, long, double, string and bool variables can.");
            lines.Add($"{name} = {Literal(parameter.Type, name, text)};");
        }
        return string.Join("\n", lines);
    }

    /// <summary>"seed (int), dataFile (string)" or "none".</summary>
    public static string Describe(IReadOnlyList<NotebookParameter> declared) =>
        declared.Count == 0 ? "none" : string.Join(", ", declared.Select(p => $"{p.Name} ({(p.Type is null ? p.Declared : Keyword(p.Type))})"));

    private static string FirstLine(string code) => code.TrimStart().Split('\n', 2)[0].Trim();

    /// <summary>The declared type, or for <c>var</c> the type of a literal initializer (<c>-1.5</c> is a double).</summary>
    private static Type? TypeOf(TypeSyntax declaredType, ExpressionSyntax? initializer)
    {
        if (!declaredType.IsVar)
            return SupportedKeywords.GetValueOrDefault(declaredType.ToString());
        var literal = initializer is PrefixUnaryExpressionSyntax { Operand: LiteralExpressionSyntax negated } ? negated : initializer as LiteralExpressionSyntax;
        Type? type = literal?.Token.Value?.GetType();
        return type is not null && SupportedKeywords.ContainsValue(type) ? type : null;
    }

    private static string Keyword(Type type) => SupportedKeywords.First(k => k.Value == type).Key;

    /// <summary>Reads <paramref name="text"/> as <paramref name="type"/> (invariant culture) and writes it as a C# literal.</summary>
    private static string Literal(Type type, string name, string text)
    {
        var invariant = CultureInfo.InvariantCulture;
        object? value = type switch
        {
            _ when type == typeof(string) => text,
            _ when type == typeof(int) => int.TryParse(text, NumberStyles.Integer, invariant, out int i) ? i : null,
            _ when type == typeof(long) => long.TryParse(text, NumberStyles.Integer, invariant, out long l) ? l : null,
            _ when type == typeof(double) => double.TryParse(text, NumberStyles.Float, invariant, out double d) ? d : null,
            _ when type == typeof(bool) => bool.TryParse(text, out bool b) ? b : null,
            _ => null,
        };
        if (value is null)
            throw new NotebookException($"parameter '{name}' is {Keyword(type)}; '{text}' does not read as {Keyword(type)}.");
        return value switch
        {
            string s => SyntaxFactory.Literal(s).ToString(),
            int i => SyntaxFactory.Literal(i).ToString(),
            long l => SyntaxFactory.Literal(l).ToString(),
            double d when double.IsFinite(d) => d.ToString("R", invariant) + "d",
            double => throw new NotebookException($"parameter '{name}' must be a finite number, not '{text}'."),
            bool b => b ? "true" : "false",
            _ => throw new InvalidOperationException(type.Name),
        };
    }
}

/// <summary>A problem with a notebook itself (its file, its parameters), as opposed to a failing cell.</summary>
public sealed class NotebookException(string message) : Exception(message);
