using System.Globalization;
using System.Text;

namespace OrleansSearch.Runtime.Membership;

/// <summary>
/// Suspicion votes as one text column: <c>voter|unixMilliseconds</c> joined by <c>;</c>, the voter in
/// <see cref="SiloAddress.ToString"/> form (host:port@generation). Votes are few (a handful per
/// suspect) and always read and rewritten together with their row, so a child table would buy nothing.
/// </summary>
internal static class SuspectVotesText
{
    private const char VoteSeparator = ';';
    private const char TimeSeparator = '|';

    public static string Format(IReadOnlyList<SuspicionVote> votes)
    {
        var text = new StringBuilder();
        for (int i = 0; i < votes.Count; i++)
        {
            SuspicionVote vote = votes[i];
            if (vote.Voter.Host.AsSpan().IndexOfAny(VoteSeparator, TimeSeparator) >= 0)
            {
                throw new ArgumentException($"Voter host '{vote.Voter.Host}' contains '{VoteSeparator}' or '{TimeSeparator}', which a host name never does.", nameof(votes));
            }
            if (i > 0)
            {
                text.Append(VoteSeparator);
            }
            text.Append(vote.Voter.ToString()).Append(TimeSeparator).Append(vote.Time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    public static SuspicionVote[] Parse(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }
        string[] parts = text.Split(VoteSeparator);
        var votes = new SuspicionVote[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            string part = parts[i];
            int bar = part.LastIndexOf(TimeSeparator);
            if (bar <= 0 || !long.TryParse(part.AsSpan(bar + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long unixMilliseconds))
            {
                throw new FormatException($"Suspicion vote '{part}' in '{text}' is not voter|unixMilliseconds.");
            }
            votes[i] = new SuspicionVote(SiloAddress.Parse(part[..bar]), DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds));
        }
        return votes;
    }
}
