using System.Buffers;
using System.Text;

namespace OrleansSearch.Search.Analysis;

/// <summary>
/// Folds Latin, Greek and Cyrillic letters to their unaccented forms so "café", "cafe" and "CAFÉ" meet:
/// canonical decomposition (NFD), then the combining diacritical marks are dropped, then letters that
/// have no decomposition are spelled out (ß → ss, æ → ae, ø → o, ł → l, þ → th, ﬁ → fi, ...), and the
/// rest is recomposed (NFC) so scripts such as Hangul keep their precomposed syllables. Marks of other
/// scripts (Devanagari vowel signs, Hebrew points, ...) are part of their words and are kept.
/// A term that is already ASCII is left untouched without any work beyond the check.
/// </summary>
internal sealed class AccentFoldingFilter : ITokenFilter
{
    private const int StackScratchLimit = 256;

    public static AccentFoldingFilter Instance { get; } = new();

    private AccentFoldingFilter()
    {
    }

    public bool Apply(TermBuffer term)
    {
        if (!Ascii.IsValid(term.Span))
        {
            Fold(term);
        }

        return true;
    }

    private static void Fold(TermBuffer term)
    {
        ReadOnlySpan<char> source = term.Span;
        int decomposedLength = source.GetNormalizedLength(NormalizationForm.FormD);
        // Each decomposed char becomes at most MaxSpelledOutLength chars.
        int scratchLength = decomposedLength * (1 + MaxSpelledOutLength);
        char[]? rented = null;
        Span<char> scratch = scratchLength <= StackScratchLimit
            ? stackalloc char[StackScratchLimit]
            : (rented = ArrayPool<char>.Shared.Rent(scratchLength));
        try
        {
            Span<char> decomposed = scratch[..decomposedLength];
            source.TryNormalize(decomposed, out _, NormalizationForm.FormD);
            Span<char> folded = scratch[decomposedLength..];
            int foldedLength = 0;
            foreach (char c in decomposed)
            {
                if (IsDiacriticalMark(c))
                {
                    continue;
                }

                string? spelledOut = SpellOut(c);
                if (spelledOut is null)
                {
                    folded[foldedLength++] = c;
                }
                else
                {
                    spelledOut.CopyTo(folded[foldedLength..]);
                    foldedLength += spelledOut.Length;
                }
            }

            Recompose(folded[..foldedLength], term);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private static void Recompose(ReadOnlySpan<char> folded, TermBuffer term)
    {
        if (Ascii.IsValid(folded))
        {
            term.Set(folded);
            return;
        }

        int composedLength = folded.GetNormalizedLength(NormalizationForm.FormC);
        folded.TryNormalize(term.GetBuffer(composedLength), out int written, NormalizationForm.FormC);
        term.SetLength(written);
    }

    /// <summary>The blocks of combining marks that are accents on Latin, Greek and Cyrillic letters.</summary>
    private static bool IsDiacriticalMark(char c) =>
        c is (>= '\u0300' and <= '\u036F') or (>= '\u1AB0' and <= '\u1AFF') or (>= '\u1DC0' and <= '\u1DFF')
            or (>= '\u20D0' and <= '\u20FF') or (>= '\uFE20' and <= '\uFE2F');

    private const int MaxSpelledOutLength = 3;

    /// <summary>Letters with no canonical decomposition, spelled with the base letters a reader would type.</summary>
    private static string? SpellOut(char c) => c switch
    {
        'ß' => "ss",
        'ẞ' => "SS",
        'æ' => "ae",
        'Æ' => "AE",
        'œ' => "oe",
        'Œ' => "OE",
        'ø' => "o",
        'Ø' => "O",
        'ł' => "l",
        'Ł' => "L",
        'đ' => "d",
        'Đ' => "D",
        'ð' => "d",
        'Ð' => "D",
        'þ' => "th",
        'Þ' => "TH",
        'ħ' => "h",
        'Ħ' => "H",
        'ŧ' => "t",
        'Ŧ' => "T",
        'ı' => "i",
        'ĳ' => "ij",
        'Ĳ' => "IJ",
        'ŀ' => "l",
        'Ŀ' => "L",
        'ſ' => "s",
        'ƒ' => "f",
        'ﬀ' => "ff",
        'ﬁ' => "fi",
        'ﬂ' => "fl",
        'ﬃ' => "ffi",
        'ﬄ' => "ffl",
        'ﬅ' => "st",
        'ﬆ' => "st",
        _ => null,
    };
}
