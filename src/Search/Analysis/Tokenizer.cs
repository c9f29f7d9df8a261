using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace OrleansSearch.Search.Analysis;

/// <summary>
/// Cuts text into word tokens: runs of letters and decimal digits (<see cref="char.IsLetterOrDigit(char)"/>
/// on whole code points, so surrogate pairs count as one character), with combining marks (Mn, Mc)
/// continuing the run they follow. Deliberate choices:
/// <list type="bullet">
/// <item>An apostrophe (' or ’) between two letters stays in the token ("don't", "o'neil", "john's"); the
/// term always spells it ', so the English stemmer can remove a possessive 's. Elsewhere it splits.</item>
/// <item>A full stop between two digits stays in the token, so "3.5" and "1.2.3" are one token each.</item>
/// <item>Every other punctuation mark splits, hyphens included: "state-of-the-art" is the four tokens
/// "state", "of", "the", "art" at consecutive positions, so the phrase "state of the art" matches it
/// and so does a search for any one of the words. (Keeping "state-of-the-art" whole would make
/// "art" miss it; emitting both forms would skew BM25 lengths.)</item>
/// <item>Han ideographs and Hiragana are one token per character, as in Lucene's StandardTokenizer:
/// Chinese and Japanese do not separate words by spaces, so a whole run as one token could only ever
/// match itself. Other scripts (Hangul, Thai, ...) keep whole runs.</item>
/// <item>Tokens longer than <see cref="TokenizerOptions.MaxTokenLength"/> are skipped but counted, so
/// the caller can keep their position as a gap.</item>
/// </list>
/// Offsets are UTF-16 indexes into the text. The tokenizer holds only its options and is thread-safe.
/// </summary>
internal sealed class Tokenizer
{
    private const char TypographicApostrophe = '\u2019';

    private readonly int maxTokenLength;

    public Tokenizer(TokenizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        maxTokenLength = options.MaxTokenLength;
    }

    private enum CharKind : byte
    {
        Separator,
        Letter,
        Digit,
        Mark,
        Ideograph,
    }

    /// <summary>
    /// Finds the next token at or after <paramref name="cursor"/> and moves the cursor past it.
    /// <paramref name="skippedTokens"/> counts the oversized tokens passed over on the way.
    /// </summary>
    public bool TryReadToken(ReadOnlySpan<char> text, ref int cursor, out int start, out int end, out int skippedTokens)
    {
        skippedTokens = 0;
        int index = cursor;
        while (index < text.Length)
        {
            CharKind kind = Classify(text, index, out int width);
            if (kind is CharKind.Separator or CharKind.Mark)
            {
                index += width;
                continue;
            }

            int tokenStart = index;
            index = kind == CharKind.Ideograph
                ? SkipMarks(text, index + width)
                : ScanWord(text, index + width, kind);
            if (index - tokenStart > maxTokenLength)
            {
                skippedTokens++;
                continue;
            }

            cursor = index;
            start = tokenStart;
            end = index;
            return true;
        }

        cursor = index;
        start = end = index;
        return false;
    }

    /// <summary>Copies a token's source text into <paramref name="term"/>, spelling every apostrophe '.</summary>
    public static void CopyTerm(ReadOnlySpan<char> tokenText, TermBuffer term)
    {
        term.Set(tokenText);
        term.Span.Replace(TypographicApostrophe, '\'');
    }

    private static int ScanWord(ReadOnlySpan<char> text, int index, CharKind lastBase)
    {
        while (index < text.Length)
        {
            CharKind kind = Classify(text, index, out int width);
            if (kind is CharKind.Letter or CharKind.Digit)
            {
                lastBase = kind;
                index += width;
            }
            else if (kind == CharKind.Mark || (kind == CharKind.Separator && StaysInside(text, index, lastBase)))
            {
                index += width;
            }
            else
            {
                break;
            }
        }

        return index;
    }

    /// <summary>Whether the punctuation at <paramref name="index"/> joins what precedes it to what follows it.</summary>
    private static bool StaysInside(ReadOnlySpan<char> text, int index, CharKind lastBase)
    {
        CharKind neededOnBothSides = text[index] switch
        {
            '\'' or TypographicApostrophe => CharKind.Letter,
            '.' => CharKind.Digit,
            _ => CharKind.Separator,
        };
        return neededOnBothSides != CharKind.Separator && lastBase == neededOnBothSides
            && index + 1 < text.Length && Classify(text, index + 1, out _) == neededOnBothSides;
    }

    private static int SkipMarks(ReadOnlySpan<char> text, int index)
    {
        while (index < text.Length && Classify(text, index, out int width) == CharKind.Mark)
        {
            index += width;
        }

        return index;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static CharKind Classify(ReadOnlySpan<char> text, int index, out int width)
    {
        char c = text[index];
        if (c < 0x80)
        {
            width = 1;
            if ((uint)((c | 0x20) - 'a') <= 'z' - 'a')
            {
                return CharKind.Letter;
            }

            return (uint)(c - '0') <= 9 ? CharKind.Digit : CharKind.Separator;
        }

        return ClassifyNonAscii(text[index..], out width);
    }

    private static CharKind ClassifyNonAscii(ReadOnlySpan<char> text, out int width)
    {
        if (Rune.DecodeFromUtf16(text, out Rune rune, out width) != System.Buffers.OperationStatus.Done)
        {
            // A lone surrogate is not text; it separates tokens so no term ever carries one.
            width = 1;
            return CharKind.Separator;
        }

        if (IsIdeograph(rune.Value))
        {
            return CharKind.Ideograph;
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => CharKind.Letter,
            UnicodeCategory.DecimalDigitNumber => CharKind.Digit,
            UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark => CharKind.Mark,
            _ => CharKind.Separator,
        };
    }

    /// <summary>Han ideographs (unified, extensions A to I, compatibility) and Hiragana letters.</summary>
    private static bool IsIdeograph(int codePoint) =>
        codePoint is (>= 0x3400 and <= 0x4DBF) or (>= 0x4E00 and <= 0x9FFF) or (>= 0xF900 and <= 0xFAFF)
            or (>= 0x20000 and <= 0x323AF) or (>= 0x3041 and <= 0x3096) or (>= 0x309D and <= 0x309F);
}
