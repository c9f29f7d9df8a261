namespace OrleansSearch.Runtime.Storage;

/// <summary>Argument checks every grain storage provider applies, so all reject the same inputs the same way.</summary>
internal static class GrainStorageRules
{
    public static void CheckKey(GrainStateKey key)
    {
        if (string.IsNullOrEmpty(key.GrainType))
        {
            throw new ArgumentException($"Grain state key '{key}' has no grain type.", nameof(key));
        }
        if (key.GrainKey is null)
        {
            throw new ArgumentException($"Grain state key '{key}' has a null grain key (an empty key is allowed, null is not).", nameof(key));
        }
        if (string.IsNullOrEmpty(key.StateName))
        {
            throw new ArgumentException($"Grain state key '{key}' has no state name.", nameof(key));
        }
    }

    public static void CheckExpectedVersion(long expectedVersion)
    {
        if (expectedVersion < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(expectedVersion), expectedVersion, "A state version is never negative (0 = no row yet).");
        }
    }
}
