namespace OrleansSearch.Tests.Support;

/// <summary>
/// The read-only reference data: &lt;repo&gt;/../shared/data (the repo root holds OrleansSearch.sln), or
/// /work/shared/data when the repo is a worktree elsewhere. Tests read it in place; nothing is copied into the repo.
/// </summary>
public static class SharedData
{
    public static string Directory { get; } = Locate();

    public static string SciFact => Path.Combine(Directory, "scifact");

    private static string Locate()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "OrleansSearch.sln")))
        {
            root = root.Parent;
        }
        string? beside = root?.Parent is { } parent ? Path.Combine(parent.FullName, "shared", "data") : null;
        if (beside is not null && System.IO.Directory.Exists(beside))
        {
            return beside;
        }
        const string fallback = "/work/shared/data";
        return System.IO.Directory.Exists(fallback)
            ? fallback
            : throw new DirectoryNotFoundException($"Shared test data is neither beside the repository ({beside ?? "no OrleansSearch.sln above " + AppContext.BaseDirectory}) nor at {fallback}.");
    }
}
