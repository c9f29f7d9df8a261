using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using OrleansSearch.Grains;
using OrleansSearch.McpGateway.Api;
using OrleansSearch.McpGateway.Errors;
using OrleansSearch.Search.Query;

namespace OrleansSearch.McpGateway.Querying;

/// <summary>
/// The gateway's <c>next_cursor</c>: <c>{binding}.{page cursor}</c>. The binding is a short hash of what decides the
/// order and the matches (index, normalized query, require_all, filters, sort, mode, vector field, fusion), so a cursor
/// from another search is refused instead of paging a different result list; the page cursor is the shards'
/// search-after cursor (keyword and semantic) or the next offset (hybrid). Both are checked here, before any shard is
/// called: a cursor the shards could not decode would otherwise fail on every shard at once.
/// </summary>
internal static partial class QueryCursors
{
    private const char Separator = '.';

    private static readonly JsonSerializerOptions BindingJson = new(JsonSerializerDefaults.Web);

    /// <summary>The binding of one search: 8 URL-safe characters (48 bits of SHA-256).</summary>
    public static string BindingOf(string index, SearchInput input, string? sortField, bool descending, SearchMode mode, string? vectorField, HybridFusionKind fusion)
    {
        string normalizedQuery = Whitespace().Replace((input.Query ?? "").Trim(), " ");
        var filters = input.Filters?.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => new[] { pair.Key, pair.Value.GetRawText() }).ToList();
        string text = JsonSerializer.Serialize(new object?[] { index, normalizedQuery, input.RequireAll, filters, sortField, descending, (int)mode, vectorField, (int)fusion }, BindingJson);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return Convert.ToBase64String(hash[..6]).Replace('+', '-').Replace('/', '_');
    }

    public static string Bind(string binding, string pageCursor) => binding + Separator + pageCursor;

    /// <summary>The page cursor inside <paramref name="cursor"/>, after checking it belongs to this search and decodes for <paramref name="sort"/>.</summary>
    public static string Unbind(string cursor, string binding, SortSpec sort, SearchMode mode)
    {
        int separator = cursor.IndexOf(Separator, StringComparison.Ordinal);
        if (separator < 0)
        {
            throw Undecodable(mode);
        }
        string pageCursor = cursor[(separator + 1)..];
        if (!cursor.AsSpan(0, separator).SequenceEqual(binding))
        {
            throw GatewayException.BadRequest(ErrorCodes.InvalidArgument,
                "cursor belongs to another search: a next_cursor pages only the search that returned it (same index, query, filters, sort and mode). Search again without cursor.");
        }
        if (mode == SearchMode.Hybrid)
        {
            HybridFusion.OffsetOf(pageCursor);
        }
        else if (!SearchCursors.TryValidate(pageCursor, sort, out _))
        {
            throw Undecodable(mode);
        }
        return pageCursor;
    }

    private static GatewayException Undecodable(SearchMode mode) => GatewayException.BadRequest(ErrorCodes.InvalidArgument,
        $"cursor cannot be decoded as the next_cursor of a {mode.ToString().ToLowerInvariant()} search; pass the next_cursor of the previous page unchanged, or search again without cursor.");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
