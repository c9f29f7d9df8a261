using System.Buffers;
using System.Runtime.CompilerServices;

namespace OrleansSearch.Search.Analysis;

/// <summary>
/// The English (Porter2) stemmer of the Snowball project, written from its published description
/// ("The English (Porter2) stemming algorithm", snowballstem.org) as Snowball 2.2 implements it:
/// exceptional forms, initial apostrophe and Y marking, regions R1 and R2 (with the gener-, commun-,
/// arsen- prefixes), Step 0 (possessives) through Step 5. Words are lowercase; letters outside a-z
/// count as non-vowels, and a surrogate pair counts as one letter. Works in place on the caller's
/// chars: no allocation, no regular expressions.
/// </summary>
internal static class EnglishStemmer
{
    private static readonly SearchValues<char> Vowels = SearchValues.Create("aeiouy");
    private static readonly SearchValues<char> ValidLiEndings = SearchValues.Create("cdeghkmnrt");

    private static readonly SuffixRule[]?[] Step2Rules = ByLastLetter(
    [
        new("tional", "tion"), new("enci", "ence"), new("anci", "ance"), new("abli", "able"), new("entli", "ent"),
        new("izer", "ize"), new("ization", "ize"), new("ational", "ate"), new("ation", "ate"), new("ator", "ate"),
        new("alism", "al"), new("aliti", "al"), new("alli", "al"), new("fulness", "ful"), new("ousli", "ous"),
        new("ousness", "ous"), new("iveness", "ive"), new("iviti", "ive"), new("biliti", "ble"), new("bli", "ble"),
        new("ogi", "og", SuffixCondition.PrecededByL), new("fulli", "ful"), new("lessli", "less"),
        new("li", "", SuffixCondition.PrecededByValidLiEnding),
    ]);

    private static readonly SuffixRule[]?[] Step3Rules = ByLastLetter(
    [
        new("tional", "tion"), new("ational", "ate"), new("alize", "al"), new("icate", "ic"), new("iciti", "ic"),
        new("ical", "ic"), new("ful", ""), new("ness", ""), new("ative", "", SuffixCondition.InR2),
    ]);

    private static readonly SuffixRule[]?[] Step4Rules = ByLastLetter(
    [
        new("al", ""), new("ance", ""), new("ence", ""), new("er", ""), new("ic", ""), new("able", ""), new("ible", ""),
        new("ant", ""), new("ement", ""), new("ment", ""), new("ent", ""), new("ism", ""), new("ate", ""), new("iti", ""),
        new("ous", ""), new("ive", ""), new("ize", ""), new("ion", "", SuffixCondition.PrecededBySOrT),
    ]);

    private enum SuffixCondition : byte
    {
        None,
        PrecededByL,
        PrecededByValidLiEnding,
        PrecededBySOrT,
        InR2,
    }

    /// <summary>Stems <paramref name="word"/> in place and returns the stem's length (never more than the word's).</summary>
    public static int Stem(Span<char> word)
    {
        if (TryExceptionalForm(word, out int exceptionalLength))
        {
            return exceptionalLength;
        }

        if (HasFewerThanThreeLetters(word))
        {
            return word.Length;
        }

        var stemming = new Stemming(word);
        stemming.Run();
        return stemming.Length;
    }

    /// <summary>Whole words the rules would get wrong, with their stems (some are their own stem).</summary>
    private static bool TryExceptionalForm(Span<char> word, out int length)
    {
        string? stem = ((ReadOnlySpan<char>)word) switch
        {
            "skis" => "ski",
            "skies" => "sky",
            "dying" => "die",
            "lying" => "lie",
            "tying" => "tie",
            "idly" => "idl",
            "gently" => "gentl",
            "ugly" => "ugli",
            "early" => "earli",
            "only" => "onli",
            "singly" => "singl",
            "sky" => "sky",
            "news" => "news",
            "howe" => "howe",
            "atlas" => "atlas",
            "cosmos" => "cosmos",
            "bias" => "bias",
            "andes" => "andes",
            _ => null,
        };
        if (stem is null)
        {
            length = 0;
            return false;
        }

        stem.CopyTo(word);
        length = stem.Length;
        return true;
    }

    private static bool HasFewerThanThreeLetters(ReadOnlySpan<char> word) =>
        word.Length < 3 || (word.Length < 6 && CountCodePoints(word) < 3);

    private static int CountCodePoints(ReadOnlySpan<char> chars)
    {
        int count = 0;
        for (int i = 0; i < chars.Length; i++)
        {
            if (!(char.IsLowSurrogate(chars[i]) && i > 0 && char.IsHighSurrogate(chars[i - 1])))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// The rules grouped by the suffix's last letter (a-z), longest suffix first within a group, so a word
    /// is compared only with the suffixes it could end with and the first match is the longest.
    /// </summary>
    private static SuffixRule[]?[] ByLastLetter(SuffixRule[] rules)
    {
        var groups = new SuffixRule[]?[26];
        foreach (SuffixRule rule in rules)
        {
            ref SuffixRule[]? group = ref groups[rule.Suffix[^1] - 'a'];
            group = [.. group ?? [], rule];
        }

        foreach (SuffixRule[]? group in groups)
        {
            // Two suffixes of one length cannot both end a word, so only length decides which rule applies.
            group?.AsSpan().Sort(static (x, y) => y.Suffix.Length.CompareTo(x.Suffix.Length));
        }

        return groups;
    }

    private readonly record struct SuffixRule(string Suffix, string Replacement, SuffixCondition Condition = SuffixCondition.None);

    /// <summary>One word being stemmed: its chars, current length and the region starts R1 and R2.</summary>
    private ref struct Stemming
    {
        private readonly Span<char> word;
        private int r1;
        private int r2;
        private bool yMarked;

        public Stemming(Span<char> word)
        {
            this.word = word;
            Length = word.Length;
        }

        public int Length { get; private set; }

        private readonly ReadOnlySpan<char> Current => word[..Length];

        public void Run()
        {
            RemoveInitialApostrophe();
            MarkConsonantY();
            MarkRegions();
            Step0();
            Step1a();
            if (!IsInvariantAfterStep1a())
            {
                Step1b();
                Step1c();
                ApplyLongestSuffix(Step2Rules, r1);
                ApplyLongestSuffix(Step3Rules, r1);
                ApplyLongestSuffix(Step4Rules, r2);
                Step5();
            }

            if (yMarked)
            {
                word[..Length].Replace('Y', 'y');
            }
        }

        private void RemoveInitialApostrophe()
        {
            if (word[0] == '\'')
            {
                word[1..Length].CopyTo(word);
                Length--;
            }
        }

        /// <summary>A y at the start or after a vowel acts as a consonant: it becomes Y until the end.</summary>
        private void MarkConsonantY()
        {
            for (int i = 0; i < Length; i++)
            {
                if (word[i] == 'y' && (i == 0 || IsVowel(word[i - 1])))
                {
                    word[i] = 'Y';
                    yMarked = true;
                }
            }
        }

        /// <summary>
        /// R1 starts after the first non-vowel that follows a vowel (or after gener-, commun-, arsen-);
        /// R2 applies the same rule inside R1. Either is empty (starts at the end) when there is no such place.
        /// </summary>
        private void MarkRegions()
        {
            ReadOnlySpan<char> current = Current;
            if (current.StartsWith("gener") || current.StartsWith("arsen"))
            {
                r1 = 5;
            }
            else if (current.StartsWith("commun"))
            {
                r1 = 6;
            }
            else
            {
                r1 = RegionStartAfter(0);
            }

            r2 = RegionStartAfter(r1);
        }

        private readonly int RegionStartAfter(int from)
        {
            int i = from;
            while (i < Length && !IsVowel(word[i]))
            {
                i++;
            }

            i++;
            while (i < Length && IsVowel(word[i]))
            {
                i++;
            }

            return i < Length ? NextLetterStart(i) : Length;
        }

        /// <summary>Step 0: the longest of ', 's, 's' is removed.</summary>
        private void Step0()
        {
            if (Length == 0 || word[Length - 1] is not ('\'' or 's'))
            {
                return;
            }

            if (EndsWith("'s'"))
            {
                Length -= 3;
            }
            else if (EndsWith("'s"))
            {
                Length -= 2;
            }
            else if (EndsWith("'"))
            {
                Length--;
            }
        }

        /// <summary>Step 1a: plurals (sses → ss; ied, ies → i or ie; s dropped after a vowel; us, ss kept).</summary>
        private void Step1a()
        {
            if (Length == 0 || word[Length - 1] is not ('s' or 'd'))
            {
                return;
            }

            if (EndsWith("sses"))
            {
                Length -= 2;
            }
            else if (EndsWith("ied") || EndsWith("ies"))
            {
                // "ties" → "tie" but "cries" → "cri": i when more than one letter precedes.
                int suffixStart = Length - 3;
                bool moreThanOneLetterBefore = suffixStart > 2 || (suffixStart == 2 && PreviousLetterStart(2) == 1);
                Length = suffixStart + (moreThanOneLetterBefore ? 1 : 2);
            }
            else if (EndsWith("ss") || EndsWith("us"))
            {
                return;
            }
            else if (EndsWith("s"))
            {
                // Delete when a vowel stands before the letter that precedes the s: "gaps" → "gap", "gas" stays.
                int suffixStart = Length - 1;
                if (suffixStart > 0 && word[..PreviousLetterStart(suffixStart)].ContainsAny(Vowels))
                {
                    Length--;
                }
            }
        }

        private readonly bool IsInvariantAfterStep1a() => Current switch
        {
            "inning" or "outing" or "canning" or "herring" or "earring" or "proceed" or "exceed" or "succeed" => true,
            _ => false,
        };

        /// <summary>Step 1b: eed, eedly → ee in R1; ed, edly, ing, ingly removed after a vowel, then the stem is tidied.</summary>
        private void Step1b()
        {
            if (Length == 0 || word[Length - 1] is not ('d' or 'y' or 'g'))
            {
                return;
            }

            if (EndsWith("eed") || EndsWith("eedly"))
            {
                int eedStart = Length - (EndsWith("eed") ? 3 : 5);
                if (eedStart >= r1)
                {
                    Length = eedStart + 2;
                }

                return;
            }

            int suffixLength = EndsWith("ingly") ? 5 : EndsWith("edly") ? 4 : EndsWith("ing") ? 3 : EndsWith("ed") ? 2 : 0;
            if (suffixLength == 0)
            {
                return;
            }

            int stemLength = Length - suffixLength;
            if (!word[..stemLength].ContainsAny(Vowels))
            {
                return;
            }

            Length = stemLength;
            if (EndsWith("at") || EndsWith("bl") || EndsWith("iz"))
            {
                Append('e');
            }
            else if (EndsWithDouble())
            {
                Length--;
            }
            else if (Length == r1 && EndsWithShortSyllable(Length))
            {
                Append('e');
            }
        }

        /// <summary>Step 1c: a final y or Y becomes i after a non-vowel that is not the first letter ("cry" → "cri", "by" stays).</summary>
        private readonly void Step1c()
        {
            int last = Length - 1;
            if (last < 1 || word[last] is not ('y' or 'Y'))
            {
                return;
            }

            int before = PreviousLetterStart(last);
            if (before > 0 && !IsVowel(word[before]))
            {
                word[last] = 'i';
            }
        }

        /// <summary>Steps 2, 3 and 4: the longest listed suffix is replaced if it starts in the region and its condition holds.</summary>
        private void ApplyLongestSuffix(SuffixRule[]?[] rulesByLastLetter, int regionStart)
        {
            if (Length == 0)
            {
                return;
            }

            uint lastLetter = (uint)(word[Length - 1] - 'a');
            if (lastLetter >= 26 || rulesByLastLetter[lastLetter] is not { } rules)
            {
                return;
            }

            ReadOnlySpan<char> current = Current;
            foreach (ref readonly SuffixRule rule in rules.AsSpan())
            {
                if (!current.EndsWith(rule.Suffix))
                {
                    continue;
                }

                int suffixStart = Length - rule.Suffix.Length;
                if (suffixStart >= regionStart && ConditionHolds(rule.Condition, suffixStart))
                {
                    rule.Replacement.CopyTo(word[suffixStart..]);
                    Length = suffixStart + rule.Replacement.Length;
                }

                return;
            }
        }

        private readonly bool ConditionHolds(SuffixCondition condition, int suffixStart) => condition switch
        {
            SuffixCondition.None => true,
            SuffixCondition.InR2 => suffixStart >= r2,
            SuffixCondition.PrecededByL => suffixStart > 0 && word[suffixStart - 1] == 'l',
            SuffixCondition.PrecededByValidLiEnding => suffixStart > 0 && ValidLiEndings.Contains(word[suffixStart - 1]),
            SuffixCondition.PrecededBySOrT => suffixStart > 0 && word[suffixStart - 1] is 's' or 't',
            _ => throw new ArgumentOutOfRangeException(nameof(condition), condition, "Unknown suffix condition."),
        };

        /// <summary>Step 5: e removed in R2, or in R1 unless a short syllable precedes it; l removed in R2 after another l.</summary>
        private void Step5()
        {
            int last = Length - 1;
            if (last < 0)
            {
                return;
            }

            if (word[last] == 'e')
            {
                if (last >= r2 || (last >= r1 && !EndsWithShortSyllable(last)))
                {
                    Length--;
                }
            }
            else if (word[last] == 'l' && last >= r2 && last > 0 && word[last - 1] == 'l')
            {
                Length--;
            }
        }

        /// <summary>
        /// Whether word[..end] ends in a short syllable: non-vowel, vowel, then a non-vowel other than w, x
        /// or Y; or a vowel at the very start followed by a non-vowel.
        /// </summary>
        private readonly bool EndsWithShortSyllable(int end)
        {
            if (end < 2)
            {
                return false;
            }

            int last = PreviousLetterStart(end);
            int vowel = last - 1;
            if (IsVowel(word[last]) || vowel < 0 || !IsVowel(word[vowel]))
            {
                return false;
            }

            if (vowel == 0)
            {
                return true;
            }

            return word[last] is not ('w' or 'x' or 'Y') && !IsVowel(word[vowel - 1]);
        }

        private readonly bool EndsWithDouble()
        {
            if (Length < 2 || word[Length - 1] != word[Length - 2])
            {
                return false;
            }

            return word[Length - 1] is 'b' or 'd' or 'f' or 'g' or 'm' or 'n' or 'p' or 'r' or 't';
        }

        private void Append(char c)
        {
            word[Length] = c;
            Length++;
        }

        private readonly bool EndsWith(string suffix) => Current.EndsWith(suffix);

        /// <summary>Start of the letter that ends just before <paramref name="index"/>: one char back, two for a surrogate pair.</summary>
        private readonly int PreviousLetterStart(int index) =>
            index >= 2 && char.IsLowSurrogate(word[index - 1]) && char.IsHighSurrogate(word[index - 2]) ? index - 2 : index - 1;

        /// <summary>Index just past the letter starting at <paramref name="index"/>.</summary>
        private readonly int NextLetterStart(int index) =>
            index + 1 < Length && char.IsHighSurrogate(word[index]) && char.IsLowSurrogate(word[index + 1]) ? index + 2 : index + 1;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';
    }
}
