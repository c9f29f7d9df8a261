using System.Globalization;

namespace OrleansSearch.Runtime.Membership;

/// <summary>
/// Where a silo listens plus its generation (start time ticks): a restarted process on the same
/// endpoint is a new generation, so a generation declared Dead never comes back.
/// </summary>
public sealed record SiloAddress(string Host, int Port, long Generation)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}@{Generation}");

    /// <summary>Parses the <c>host:port@generation</c> form written by <see cref="ToString"/>.</summary>
    public static SiloAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int at = text.LastIndexOf('@');
        int colon = at > 0 ? text.LastIndexOf(':', at - 1) : -1;
        if (colon <= 0
            || !int.TryParse(text.AsSpan(colon + 1, at - colon - 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port)
            || !long.TryParse(text.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long generation))
        {
            throw new FormatException($"'{text}' is not a silo address; expected host:port@generation.");
        }
        return new SiloAddress(text[..colon], port, generation);
    }
}
