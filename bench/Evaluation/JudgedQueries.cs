using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansSearch.Evaluation;

/// <summary>A question and the documents a user would accept as an answer (any one of them counts).</summary>
internal sealed record JudgedQuery(
    [property: JsonPropertyName("query")] string Query,
    [property: JsonPropertyName("relevant")] IReadOnlyList<string> Relevant);

/// <summary>Mean effectiveness over judged queries with binary judgments (success: some relevant document ranked).</summary>
/// <param name="MrrAt10">Mean reciprocal rank of the first relevant document in the top 10 (0 when none is there).</param>
/// <param name="SuccessAt5">Share of queries with a relevant document in the top 5.</param>
internal sealed record JudgedFigures(int Queries, double MrrAt10, double SuccessAt5);

/// <summary>
/// A hand-judged query set (JSON: <c>{"queries": [{"query", "relevant": [ids]}]}</c>) and the two measures that fit it:
/// shallow, binary judgments of "would a user be satisfied", where what matters is how soon the first good answer comes.
/// </summary>
internal static class JudgedQueries
{
    private sealed record JudgedQueryFile([property: JsonPropertyName("queries")] List<JudgedQuery> Queries);

    public static List<JudgedQuery> Load(string path)
    {
        using var file = File.OpenRead(path);
        var set = JsonSerializer.Deserialize<JudgedQueryFile>(file) ?? throw new InvalidDataException($"{path} holds no query set.");
        if (set.Queries.Count == 0 || set.Queries.Exists(query => string.IsNullOrWhiteSpace(query.Query) || query.Relevant.Count == 0))
        {
            throw new InvalidDataException($"{path}: every query needs a text and at least one relevant document.");
        }
        return set.Queries;
    }

    /// <summary>1 / rank of the first relevant id within the top <paramref name="depth"/>, or 0.</summary>
    public static double ReciprocalRank(IReadOnlyList<string> ranked, JudgedQuery query, int depth = 10)
    {
        for (int i = 0; i < Math.Min(depth, ranked.Count); i++)
        {
            if (query.Relevant.Contains(ranked[i]))
            {
                return 1.0 / (i + 1);
            }
        }
        return 0;
    }

    /// <summary>The mean measures over <paramref name="queries"/>, given each query's ranking (same order).</summary>
    public static JudgedFigures Evaluate(IReadOnlyList<JudgedQuery> queries, IReadOnlyList<IReadOnlyList<string>> rankings)
    {
        double reciprocal = 0, successes = 0;
        for (int i = 0; i < queries.Count; i++)
        {
            reciprocal += ReciprocalRank(rankings[i], queries[i]);
            successes += ReciprocalRank(rankings[i], queries[i], depth: 5) > 0 ? 1 : 0;
        }
        return new JudgedFigures(queries.Count, reciprocal / queries.Count, successes / queries.Count);
    }
}
