using System.Runtime.CompilerServices;
using OrleansSearch.Search.Query;

namespace OrleansSearch.Search.Collection;

/// <summary>
/// The one result order every collector and merger uses: by score descending (or by the sort
/// field, missing values last), then by document id ascending in ordinal string order. A
/// negative result means the first hit ranks before the second.
/// </summary>
public static class HitOrder
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int CompareScores(double scoreA, string idA, double scoreB, string idB)
    {
        if (scoreA != scoreB)
        {
            return scoreA > scoreB ? -1 : 1;
        }

        return string.CompareOrdinal(idA, idB);
    }

    /// <summary>Numbers (NaN = missing, always last), then id.</summary>
    public static int CompareNumbers(double a, string idA, double b, string idB, SortOrder order)
    {
        var missingA = double.IsNaN(a);
        var missingB = double.IsNaN(b);
        if (missingA != missingB)
        {
            return missingA ? 1 : -1;
        }

        if (!missingA && a != b)
        {
            var ascending = a < b ? -1 : 1;
            return order == SortOrder.Ascending ? ascending : -ascending;
        }

        return string.CompareOrdinal(idA, idB);
    }

    /// <summary>Keywords (null = missing, always last) in ordinal order, then id.</summary>
    public static int CompareKeywords(string? a, string idA, string? b, string idB, SortOrder order)
    {
        if ((a is null) != (b is null))
        {
            return a is null ? 1 : -1;
        }

        if (a is not null)
        {
            var compared = string.CompareOrdinal(a, b);
            if (compared != 0)
            {
                return order == SortOrder.Ascending ? compared : -compared;
            }
        }

        return string.CompareOrdinal(idA, idB);
    }

    /// <summary>Compares two finished hits under <paramref name="sort"/>.</summary>
    public static int Compare(SearchHit a, SearchHit b, SortSpec sort)
    {
        if (sort.IsScore)
        {
            return CompareScores(a.Score, a.Id, b.Score, b.Id);
        }

        return a.SortValue.Keyword is not null || b.SortValue.Keyword is not null
            ? CompareKeywords(a.SortValue.Keyword, a.Id, b.SortValue.Keyword, b.Id, sort.Order)
            : CompareNumbers(a.SortValue.Number ?? double.NaN, a.Id, b.SortValue.Number ?? double.NaN, b.Id, sort.Order);
    }
}
