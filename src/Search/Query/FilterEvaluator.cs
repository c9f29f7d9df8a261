using OrleansSearch.Search.Indexing;
using OrleansSearch.Search.Schema;

namespace OrleansSearch.Search.Query;

/// <summary>
/// Turns the filters of a request into one bitset over document ordinals (all must hold), read
/// by the searcher before scoring a candidate. Filters never change scores.
/// </summary>
internal static class FilterEvaluator
{
    /// <summary>The allowed ordinals, or null when there are no filters.</summary>
    public static ulong[]? Evaluate(ShardIndex index, IReadOnlyList<SearchFilter> filters)
    {
        if (filters.Count == 0)
        {
            return null;
        }

        var words = Math.Max(1, (index.Documents.Count + 63) >> 6);
        ulong[]? result = null;
        var scratch = new ulong[words];
        foreach (var filter in filters)
        {
            Array.Clear(scratch);
            switch (filter)
            {
                case KeywordFilter keyword:
                    ApplyKeyword(index, keyword, scratch);
                    break;
                case RangeFilter range:
                    ApplyRange(index, range, scratch);
                    break;
                case null:
                    throw new ArgumentException("Filters must not contain null.", nameof(filters));
                default:
                    throw new ArgumentException($"Unknown filter type {filter.GetType().Name}.", nameof(filters));
            }

            if (result is null)
            {
                result = (ulong[])scratch.Clone();
            }
            else
            {
                for (var i = 0; i < words; i++)
                {
                    result[i] &= scratch[i];
                }
            }
        }

        return result;
    }

    private static void ApplyKeyword(ShardIndex index, KeywordFilter filter, ulong[] bits)
    {
        ArgumentNullException.ThrowIfNull(filter.Values, nameof(filter.Values));
        var field = index.KeywordFieldOf(index.Schema.GetField(filter.Field, FieldType.Keyword, "a keyword filter"));
        foreach (var value in filter.Values)
        {
            if (value is not null && field.TryGetValueOrdinal(value, out var valueOrdinal))
            {
                foreach (var ordinal in field.PostingsOf(valueOrdinal).Documents)
                {
                    bits[ordinal >> 6] |= 1UL << ordinal;
                }
            }
        }
    }

    private static void ApplyRange(ShardIndex index, RangeFilter filter, ulong[] bits)
    {
        var field = index.Schema.GetField(filter.Field);
        if (field.Type is not (FieldType.Number or FieldType.Date))
        {
            throw new ArgumentException($"Field '{field.Name}' is a {field.Type} field; a range filter needs a Number or Date field.", nameof(filter));
        }

        if (filter.Lower is { } l && double.IsNaN(l) || filter.Upper is { } u && double.IsNaN(u))
        {
            throw new ArgumentException($"Range filter on '{field.Name}' has a NaN bound; bounds must be numbers or null (open).", nameof(filter));
        }

        var lower = filter.Lower ?? double.NegativeInfinity;
        var upper = filter.Upper ?? double.PositiveInfinity;
        var includeLower = filter.IncludeLower || filter.Lower is null;
        var includeUpper = filter.IncludeUpper || filter.Upper is null;
        var values = index.NumericFieldOf(field).Values;
        for (var ordinal = 0; ordinal < values.Length; ordinal++)
        {
            var value = values[ordinal];
            if (double.IsNaN(value))
            {
                continue;
            }

            var aboveLower = includeLower ? value >= lower : value > lower;
            var belowUpper = includeUpper ? value <= upper : value < upper;
            if (aboveLower && belowUpper)
            {
                bits[ordinal >> 6] |= 1UL << ordinal;
            }
        }
    }
}
