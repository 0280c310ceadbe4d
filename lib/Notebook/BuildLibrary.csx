// Builds the RnnLstm library (the core RnnLstm.Lib.csproj, found by walking up from the notebook's folder) and its
// notebook package (lib/Notebook/RnnLstm.Notebooks.csproj: charts, tables) into artifacts/lib, where the notebook's
// next cell #r's RnnLstm.dll and RnnLstm.Notebooks.dll. About 2 s when nothing changed.
// After a rebuild that changed the library, restart the kernel: a loaded assembly cannot be replaced.
// (#load'ed by the notebooks' first cell; kept as a script, not compiled into the library it builds.)
using System.Diagnostics;
using System.IO;

var repoRoot = new DirectoryInfo(Environment.CurrentDirectory);
while (repoRoot is not null && !File.Exists(Path.Combine(repoRoot.FullName, "RnnLstm.Lib.csproj")))
    repoRoot = repoRoot.Parent;
if (repoRoot is null)
    throw new Exception($"RnnLstm.Lib.csproj not found above {Environment.CurrentDirectory}: open the notebook from inside the repository.");

// No build servers or reused nodes: they would outlive this cell and keep its output pipes open.
var build = new ProcessStartInfo("dotnet",
    "build lib/Notebook/RnnLstm.Notebooks.csproj -c Release -o artifacts/lib -nologo -v q -nodeReuse:false -p:UseSharedCompilation=false")
{
    WorkingDirectory = repoRoot.FullName,
    RedirectStandardOutput = true,
    RedirectStandardError = true,
};
using (var process = Process.Start(build)!)
{
    var output = process.StandardOutput.ReadToEndAsync();
    var errors = process.StandardError.ReadToEndAsync();
    process.WaitForExit();
    if (process.ExitCode != 0)
        throw new Exception($"Building the library failed (dotnet build lib/Notebook/RnnLstm.Notebooks.csproj in {repoRoot.FullName}):\n{await output}{await errors}");
}
