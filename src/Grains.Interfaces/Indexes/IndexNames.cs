namespace OrleansSearch.Grains;

/// <summary>The rule for index names, shared by the gateway (to answer 400) and the catalog (to refuse).</summary>
public static class IndexNames
{
    public const int MaxLength = 64;

    /// <summary>Lowercase ASCII letters, digits, '-' and '_', starting with a letter, at most 64 characters.</summary>
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || !char.IsAsciiLetterLower(name[0]))
        {
            return false;
        }
        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }
        return true;
    }

    public static string Rule => $"index names are 1–{MaxLength} characters: lowercase ASCII letters, digits, '-' and '_', starting with a letter";
}
