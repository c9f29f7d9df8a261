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

    /// <summary>
    /// Returns room for a term of up to <paramref name="capacity"/> chars, keeping the current term at its
    /// start; the caller writes into it and then calls <see cref="SetLength"/>.
    /// </summary>
    public Span<char> GetBuffer(int capacity)
    {
        EnsureCapacity(capacity);
        return chars;
    }

    /// <summary>Cuts or extends the term to <paramref name="length"/> chars of the buffer.</summary>
    public void SetLength(int length)
    {
        if ((uint)length > (uint)chars.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"A term length must be between 0 and the buffer capacity {chars.Length}.");
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
        var larger = new char[Math.Max(capacity, chars.Length * 2)];
        chars.AsSpan(0, Length).CopyTo(larger);
        chars = larger;
    }
}
