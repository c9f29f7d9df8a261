using System.Text;

namespace OrleansSearch.Search.Analysis;

/// <summary>
/// Lowercases terms with the invariant culture's simple case mapping, so the same text gives the
/// same terms on every machine whatever its locale. A character whose lowercase form would take a
/// different number of UTF-16 chars is left as it is (the term is edited in place).
/// </summary>
internal sealed class LowercaseFilter : ITokenFilter
{
    public static LowercaseFilter Instance { get; } = new();

    private LowercaseFilter()
    {
    }

    public bool Apply(TermBuffer term)
    {
        Span<char> chars = term.Span;
        if (Ascii.ToLowerInPlace(chars, out int lowered) != System.Buffers.OperationStatus.Done)
        {
            LowercaseNonAscii(chars[lowered..]);
        }

        return true;
    }

    private static void LowercaseNonAscii(Span<char> chars)
    {
        int index = 0;
        while (index < chars.Length)
        {
            if (Rune.DecodeFromUtf16(chars[index..], out Rune rune, out int width) == System.Buffers.OperationStatus.Done)
            {
                Rune lower = Rune.ToLowerInvariant(rune);
                if (lower != rune && lower.Utf16SequenceLength == width)
                {
                    lower.EncodeToUtf16(chars[index..]);
                }
            }

            index += width;
        }
    }
}
