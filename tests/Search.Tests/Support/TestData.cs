namespace OrleansSearch.Search.Tests.Support;

/// <summary>Finds the shared reference data: &lt;repo&gt;/../shared/data, falling back to /work/shared/data.</summary>
internal static class TestData
{
    public static string SharedDataDirectory { get; } = Locate();

    public static string SciFactDirectory => Path.Combine(SharedDataDirectory, "scifact");

    /// <summary>The repository root (the folder holding OrleansSearch.sln).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OrleansSearch.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException($"No OrleansSearch.sln above {AppContext.BaseDirectory}.");
    }

    private static string Locate()
    {
        var beside = Path.GetFullPath(Path.Combine(FindRepositoryRoot(), "..", "shared", "data"));
        if (Directory.Exists(beside))
        {
            return beside;
        }

        const string fallback = "/work/shared/data";
        return Directory.Exists(fallback)
            ? fallback
            : throw new DirectoryNotFoundException($"Shared test data is neither at {beside} nor at {fallback}.");
    }
}
