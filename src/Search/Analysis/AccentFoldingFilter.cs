using System.Buffers;
using System.Collections.Frozen;
using System.Text;

namespace OrleansSearch.Search.Analysis;

/// <summary>
/// Folds Latin, Greek and Cyrillic letters to their unaccented forms so "café", "cafe" and "CAFÉ" meet.
/// The rule is canonical decomposition (NFD) with the combining diacritical marks dropped, plus a
/// spelling for letters that have no decomposition (ß → ss, æ → ae, ø → o, ł → l, þ → th, ﬁ → fi, ...).
/// It is evaluated once per character, when the filter is first used, for the blocks where such
/// letters live (Latin-1 to Cyrillic, Latin Extended Additional, Greek Extended, letterlike symbols,
/// Latin ligatures), and terms are then folded character by character from that table: no
/// normalization call and no allocation per term, and an ASCII term costs one vectorized check.
/// Other scripts are left as they are: their marks (Devanagari vowel signs, Hebrew points, kana voicing)
/// are part of their words, and their precomposed letters (Hangul syllables) stay precomposed.
/// </summary>
internal sealed class AccentFoldingFilter : ITokenFilter
{
    /// <summary>No folded form is longer than this many chars ("ffi").</summary>
    private const int MaxFoldedLength = 3;
    private const int StackScratchLimit = 512;

    private static readonly (char First, char Last)[] FoldedBlocks =
    [
        ('\u0080', '\u04FF'), // Latin-1 Supplement, Latin Extended-A and -B, IPA, Greek, Cyrillic
        ('\u1E00', '\u1FFF'), // Latin Extended Additional, Greek Extended
        ('\u2100', '\u214F'), // Letterlike symbols: Å (angstrom sign), K (kelvin sign), Ω (ohm sign)
        ('\uFB00', '\uFB06'), // Latin ligatures ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ
    ];

    private static readonly FrozenDictionary<char, string> Folds = BuildFolds();

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
        int scratchLength = source.Length * MaxFoldedLength;
        char[]? rented = null;
        Span<char> folded = scratchLength <= StackScratchLimit
            ? stackalloc char[StackScratchLimit]
            : (rented = ArrayPool<char>.Shared.Rent(scratchLength));
        int length = 0;
        foreach (char c in source)
        {
            if (c < 0x80)
            {
                folded[length++] = c;
            }
            else if (IsDiacriticalMark(c))
            {
                continue;
            }
            else if (Folds.TryGetValue(c, out string? replacement))
            {
                replacement.CopyTo(folded[length..]);
                length += replacement.Length;
            }
            else
            {
                folded[length++] = c;
            }
        }

        term.Set(folded[..length]);
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>The blocks of combining marks that are accents on Latin, Greek and Cyrillic letters.</summary>
    private static bool IsDiacriticalMark(char c) =>
        c is (>= '\u0300' and <= '\u036F') or (>= '\u1AB0' and <= '\u1AFF') or (>= '\u1DC0' and <= '\u1DFF')
            or (>= '\u20D0' and <= '\u20FF') or (>= '\uFE20' and <= '\uFE2F');

    private static FrozenDictionary<char, string> BuildFolds()
    {
        var folds = new Dictionary<char, string>();
        var builder = new StringBuilder();
        foreach ((char first, char last) in FoldedBlocks)
        {
            for (char c = first; c <= last; c++)
            {
                if (IsDiacriticalMark(c))
                {
                    continue;
                }

                builder.Clear();
                foreach (char part in c.ToString().Normalize(NormalizationForm.FormD))
                {
                    if (!IsDiacriticalMark(part))
                    {
                        builder.Append(SpellOut(part) ?? part.ToString());
                    }
                }

                if (builder.Length != 1 || builder[0] != c)
                {
                    folds.Add(c, builder.ToString());
                }
            }
        }

        return folds.ToFrozenDictionary();
    }

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
