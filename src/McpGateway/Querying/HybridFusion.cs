using System.Globalization;
using System.Text;
using OrleansSearch.Grains;
using OrleansSearch.McpGateway.Errors;
using OrleansSearch.Search.Hybrid;

namespace OrleansSearch.McpGateway.Querying;

/// <summary>
/// Hybrid ranking: the keyword and the semantic side are each merged over all shards first (fusion needs
/// global ranks), then fused — reciprocal rank fusion (k = 60) or min-max normalised scores with equal weights.
/// Both sides contribute their best <see cref="GatewayLimits.HybridWindow"/> hits whatever the page: a window that grew
/// with offset + top_k fused different candidates on every page (a document's fused rank depends on whether the other
/// side reaches it), so pages repeated and skipped documents. A hybrid cursor is the offset of the next page in that one
/// fused list.
/// </summary>
internal static class HybridFusion
{
    private const string CursorPrefix = "hybrid:";

    /// <summary>The fused hits from <paramref name="offset"/> on, at most <paramref name="count"/>, scored by the fusion.</summary>
    public static List<ShardHit> Fuse(IReadOnlyList<ShardHit> keyword, IReadOnlyList<ShardHit> semantic, HybridFusionKind fusion, int offset, int count)
    {
        var lexical = keyword.Select(hit => new RankedHit(hit.Id, hit.Score)).ToList();
        var vector = semantic.Select(hit => new RankedHit(hit.Id, hit.Score)).ToList();
        var fused = fusion == HybridFusionKind.ReciprocalRank
            ? ReciprocalRankFusion.Fuse([lexical, vector], ReciprocalRankFusion.DefaultK, offset + count)
            : NormalizedScoreFusion.Fuse(lexical, vector, alpha: 0.5, offset + count);
        // Keyword hits carry the highlights of the query's terms; prefer them when a document is on both sides.
        var hitsById = new Dictionary<string, ShardHit>(StringComparer.Ordinal);
        foreach (var hit in semantic.Concat(keyword))
        {
            hitsById[hit.Id] = hit;
        }
        return fused.Skip(offset).Select(ranked => hitsById[ranked.Id] with { Score = ranked.Score, Cursor = "" }).ToList();
    }

    public static HybridFusionKind ParseKind(string? fusion) => fusion switch
    {
        null or "rrf" => HybridFusionKind.ReciprocalRank,
        "weighted" => HybridFusionKind.WeightedScores,
        _ => throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, $"fusion is '{fusion}'; use rrf or weighted."),
    };

    public static string CursorAt(int offset) => Convert.ToBase64String(Encoding.UTF8.GetBytes(CursorPrefix + offset.ToString(CultureInfo.InvariantCulture)));

    public static int OffsetOf(string cursor)
    {
        try
        {
            string text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            if (text.StartsWith(CursorPrefix, StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(CursorPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int offset))
            {
                return offset;
            }
        }
        catch (FormatException)
        {
            // Reported below like any other foreign cursor.
        }
        throw GatewayException.BadRequest(ErrorCodes.InvalidArgument, "cursor is not the next_cursor of a hybrid search; pass the next_cursor of the previous hybrid page.");
    }
}

internal enum HybridFusionKind
{
    ReciprocalRank,
    WeightedScores,
}
