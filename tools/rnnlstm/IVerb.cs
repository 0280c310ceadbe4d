namespace RnnLstm.Cli;

/// <summary>
/// One command of the tool: <c>dotnet run --project tools/rnnlstm -- &lt;Name&gt; [arguments]</c>.
/// </summary>
/// <remarks>
/// To add a verb: write a class implementing this interface in a file of its own, and add one line creating it to
/// <see cref="Verbs.All"/>. The dispatcher handles the verb name, <c>help &lt;verb&gt;</c> and unexpected exceptions.
/// </remarks>
public interface IVerb
{
    /// <summary>The word typed on the command line, e.g. "notebooks".</summary>
    string Name { get; }

    /// <summary>One line for the tool's verb list.</summary>
    string Summary { get; }

    /// <summary>Full usage text, shown by <c>help &lt;verb&gt;</c> and by <c>&lt;verb&gt; --help</c>.</summary>
    string Usage { get; }

    /// <summary>Runs the verb with the arguments after its name; returns the process exit code (0 = success).</summary>
    Task<int> RunAsync(IReadOnlyList<string> args);
}

/// <summary>A command-line mistake: the dispatcher prints the message and the verb's usage, and exits with 2.</summary>
public sealed class UsageException(string message) : Exception(message);
