using RnnLstm.Cli;

// rnnlstm <verb> [arguments]: finds the verb and runs it. Exit codes: 0 success, 1 the work failed, 2 usage error.

if (args.Length == 0 || args[0] is "-h" or "--help" or "help" && args.Length == 1)
{
    Console.WriteLine(ToolHelp());
    return args.Length == 0 ? 2 : 0;
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

var verbArgs = args.Skip(1).ToArray();
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

static string ToolHelp() =>
    "usage: dotnet run --project tools/rnnlstm -- <verb> [arguments]\n\nverbs:\n"
    + string.Join("\n", Verbs.All.Select(v => $"  {v.Name,-16} {v.Summary}"))
    + "\n\n'help <verb>' or '<verb> --help' shows a verb's arguments.";
