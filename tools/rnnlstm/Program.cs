using System.Text.RegularExpressions;
using RnnLstm.Series;

namespace RnnLstm.Cli;

/// <summary>
/// <c>rnnlstm &lt;verb&gt; [arguments]</c>: finds the verb and runs it. Exit codes: 0 success, 1 the work failed
/// (including an internal error, reported as such), 2 a usage error or a bad input file.
/// </summary>
/// <remarks>
/// No exception leaves <see cref="RunAsync"/>: a <see cref="UsageException"/> prints its message and the verb's usage
/// (exit 2); a <see cref="SeriesFormatException"/> prints its one-line message naming file, line and column (exit 2);
/// anything else is a bug of the tool, printed as one line "internal error (Type): message" without a stack trace
/// (exit 1). Tests call <see cref="RunAsync"/> in-process.
/// </remarks>
public static class Program
{
    /// <summary>The process entry point.</summary>
    public static Task<int> Main(string[] args) => RunAsync(args);

    /// <summary>Runs one command line; writes to <see cref="Console.Out"/> and <see cref="Console.Error"/>; returns the exit code.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] is "-h" or "--help" or "help" && args.Count == 1)
        {
            Console.WriteLine(ToolHelp());
            return args.Count == 0 ? 2 : 0;
        }

        bool helpForVerb = args[0] == "help";
        string verbName = helpForVerb ? args[1] : args[0];
        IVerb? verb = Verbs.Find(verbName);
        if (verb is null)
        {
            Console.Error.WriteLine($"rnnlstm: unknown verb '{verbName}'.");
            Console.Error.WriteLine(ToolHelp());
            return 2;
        }

        var verbArgs = args.Skip(helpForVerb ? 2 : 1).ToArray();
        if (helpForVerb || verbArgs.Any(a => a is "-h" or "--help"))
        {
            Console.WriteLine(verb.Usage);
            return 0;
        }

        try
        {
            return await verb.RunAsync(verbArgs);
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"rnnlstm {verb.Name}: {e.Message}");
            Console.Error.WriteLine();
            Console.Error.WriteLine(verb.Usage);
            return 2;
        }
        catch (SeriesFormatException e)
        {
            Console.Error.WriteLine(OneLine(e.Message));
            return 2;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine(InternalError(verb.Name, e));
            return 1;
        }
    }

    /// <summary>
    /// "rnnlstm forecast: internal error (InvalidOperationException): message. This is a fault of the tool, not of
    /// your input: please report it with the command line." One line; the message in <see cref="Plain"/> words.
    /// </summary>
    public static string InternalError(string verb, Exception e)
    {
        Exception inner = e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerExceptions[0] : e;
        return $"rnnlstm {verb}: internal error ({inner.GetType().Name}): {Plain(inner)} " +
               "This is a fault of the tool, not of your input: please report it with the command line.";
    }

    /// <summary>
    /// An exception's message for a reader of the command line: on one line, and for an <see cref="ArgumentException"/>
    /// without .NET's " (Parameter 'name')" and "Actual value was x." suffixes, which name code, not input.
    /// </summary>
    public static string Plain(Exception e)
    {
        string message = e.Message;
        if (e is ArgumentException { ParamName: { } name })
        {
            message = message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal);
            message = Regex.Replace(message, @"\s*Actual value was [^\n]*\.?$", "");
        }
        return OneLine(message);
    }

    private static string OneLine(string text) => Regex.Replace(text.Trim(), @"\s*[\r\n]+\s*", " ");

    private static string ToolHelp() =>
        "usage: dotnet run --project tools/rnnlstm -- <verb> [arguments]\n\nverbs:\n"
        + string.Join("\n", Verbs.All.Select(v => $"  {v.Name,-16} {v.Summary}"))
        + "\n\n'help <verb>' or '<verb> --help' shows a verb's arguments.";
}
