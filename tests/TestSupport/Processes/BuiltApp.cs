namespace OrleansSearch.Tests.Support.Processes;

/// <summary>
/// Where the build put an executable of this repository (<c>src/&lt;Project&gt;/bin/&lt;Configuration&gt;/net10.0</c>).
/// Process tests run the real build output with <c>dotnet &lt;dll&gt;</c> rather than a copy in the test folder:
/// the silo and the gateway each bring an appsettings.json and a deps file, which would clash in one folder.
/// </summary>
public static class BuiltApp
{
    public static string SiloDll => Locate("Silo", "OrleansSearch.Silo.dll");

    public static string GatewayDll => Locate("McpGateway", "OrleansSearch.McpGateway.dll");

    private static string Locate(string project, string dll)
    {
        string root = RepositoryRoot();
        // Tests built Release run Release silos: the configuration is a folder name in our own output path.
        string configuration = AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar).Contains("Debug") ? "Debug" : "Release";
        string path = Path.Combine(root, "src", project, "bin", configuration, "net10.0", dll);
        return File.Exists(path) ? path : throw new FileNotFoundException(
            $"{path} is not built. Reference src/{project} from the project that starts it (its build builds it), or run: dotnet build src/{project} -c {configuration}", path);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OrleansSearch.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No OrleansSearch.sln above {AppContext.BaseDirectory}: process tests run from the repository's build output.");
    }
}
