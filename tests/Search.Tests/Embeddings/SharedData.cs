namespace OrleansSearch.Search.Tests.Embeddings;

/// <summary>
/// Finds the read-only reference data: &lt;repo&gt;/../shared/data (the repo root holds OrleansSearch.sln), or
/// /work/shared/data when the repo is a worktree elsewhere.
/// </summary>
internal static class SharedData
{
    public static string PathOf(string relative)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OrleansSearch.sln")))
            {
                string candidate = Path.Combine(directory.Parent?.FullName ?? directory.FullName, "shared", "data", relative);
                if (File.Exists(candidate))
                {
                    return candidate;
                }

                break;
            }
        }

        string fallback = Path.Combine("/work/shared/data", relative);
        return File.Exists(fallback) ? fallback : throw new FileNotFoundException($"Reference data '{relative}' not found beside the repository (../shared/data) nor in /work/shared/data.");
    }
}
