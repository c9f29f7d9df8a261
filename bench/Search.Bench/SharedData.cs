namespace OrleansSearch.Search.Bench;

/// <summary>
/// The project's read-only reference data: shared/data beside the repository (found by walking up to
/// the folder holding OrleansSearch.sln), or /work/shared/data where the repository is a worktree.
/// </summary>
internal static class SharedData
{
    private const string FallbackDirectory = "/work/shared/data";

    /// <summary>The repository root: the nearest folder above the running bench that holds OrleansSearch.sln.</summary>
    public static DirectoryInfo? FindRepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OrleansSearch.sln")))
            {
                return directory;
            }
        }

        return null;
    }

    public static string PathOf(string relativePath)
    {
        if (FindRepositoryRoot() is { } root)
        {
            string besideRepository = Path.Combine(root.Parent?.FullName ?? root.FullName, "shared", "data", relativePath);
            if (File.Exists(besideRepository))
            {
                return besideRepository;
            }
        }

        string fallback = Path.Combine(FallbackDirectory, relativePath);
        return File.Exists(fallback)
            ? fallback
            : throw new FileNotFoundException($"Shared data file {relativePath} is neither in shared/data beside the repository nor in {FallbackDirectory}.", relativePath);
    }
}
