using OrleansSearch.Search.Analysis;

namespace OrleansSearch.Search.Tests.Analysis;

internal static class FilterHarness
{
    /// <summary>The filter's result for one term: the new term, or null when the filter removes it.</summary>
    public static string? Apply(ITokenFilter filter, string term)
    {
        var buffer = new TermBuffer(initialCapacity: 1);
        buffer.Set(term);
        return filter.Apply(buffer) ? buffer.Span.ToString() : null;
    }
}
