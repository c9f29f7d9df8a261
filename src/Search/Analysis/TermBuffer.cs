using System.Runtime.CompilerServices;

namespace OrleansSearch.Search.Analysis;

/// <summary>
/// The term of the token being analyzed, edited in place by the token filters. One buffer is reused
/// for every token of a text, so a filter that leaves the term alone allocates nothing.
/// </summary>
internal sealed class TermBuffer
{
    private char[] chars;

    public TermBuffer(int initialCapacity = 64)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(initialCapacity);
        chars = new char[initialCapacity];
    }

    public int Length { get; private set; }

    /// <summary>The current term.</summary>
    public Span<char> Span => chars.AsSpan(0, Length);

    /// <summary>Replaces the term with <paramref name="value"/>.</summary>
    public void Set(ReadOnlySpan<char> value)
    {
        EnsureCapacity(value.Length);
        value.CopyTo(chars);
        Length = value.Length;
    }

    /// <summary>Cuts the term to its first <paramref name="length"/> chars, after a filter shortened it in place.</summary>
    public void Truncate(int length)
    {
        if ((uint)length > (uint)Length)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"A term can only be cut: the length must be between 0 and the current length {Length}.");
        }

        Length = length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EnsureCapacity(int capacity)
    {
        if (capacity > chars.Length)
        {
            Grow(capacity);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int capacity)
    {
        // Only Set grows the buffer, and it overwrites the whole term: nothing to copy.
        chars = new char[Math.Max(capacity, chars.Length * 2)];
    }
}
