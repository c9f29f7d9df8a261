using System.Text;
using System.Text.Json;

namespace OrleansSearch.Embeddings;

/// <summary>
/// SentencePiece unigram tokenizer as the Universal Sentence Encoder's JS runtime applies it: NFKC, "▁" in front
/// and in place of every space, then the Viterbi path through the lattice of vocabulary pieces that maximises
/// the summed piece scores. Characters no piece covers become the unknown id 0, and a run of unknowns becomes
/// one 0. The quirks of that runtime are kept on purpose so token ids match it exactly: a null score counts as
/// 0; a piece listed twice keeps its last id; the first <see cref="ReservedPieces"/> entries are never matched;
/// a position whose best score is exactly 0 counts as not yet reached; among equal scores the later candidate
/// (the shorter piece) wins.
/// </summary>
internal sealed class SentencePieceTokenizer
{
    /// <summary>Control pieces at the head of the vocabulary (unknown, &lt;s&gt;, &lt;/s&gt;, extra ids).</summary>
    public const int ReservedPieces = 6;

    public const int UnknownId = 0;

    private const char WordBoundary = '\u2581';

    private readonly Dictionary<string, Piece>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly int[] _pieceLengths;
    private readonly int _longestPiece;

    private SentencePieceTokenizer(Dictionary<string, Piece> pieces, int[] pieceLengths, int longestPiece)
    {
        _lookup = pieces.GetAlternateLookup<ReadOnlySpan<char>>();
        _pieceLengths = pieceLengths;
        _longestPiece = longestPiece;
    }

    public int VocabularySize => _pieceLengths.Length;

    /// <summary>Reads vocab.json: an array of [piece, score] pairs, the index being the token id.</summary>
    public static SentencePieceTokenizer FromVocabularyJson(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        using JsonDocument document = JsonDocument.ParseValue(ref reader);
        int count = document.RootElement.GetArrayLength();
        var pieces = new Dictionary<string, Piece>(count, StringComparer.Ordinal);
        var lengths = new int[count];
        int longest = 1;
        int id = 0;
        foreach (JsonElement entry in document.RootElement.EnumerateArray())
        {
            string text = entry[0].GetString() ?? throw new InvalidDataException($"Vocabulary entry {id} has no piece text.");
            JsonElement score = entry[1];
            lengths[id] = CountSymbols(text);
            if (id >= ReservedPieces)
            {
                pieces[text] = new Piece(score.ValueKind == JsonValueKind.Null ? 0 : score.GetDouble(), id);
                longest = Math.Max(longest, lengths[id]);
            }

            id++;
        }

        return new SentencePieceTokenizer(pieces, lengths, longest);
    }

    /// <summary>Token ids of <paramref name="text"/>, in order, without any length cap. Empty text has no tokens.</summary>
    public int[] Encode(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        string normalized = NormalizeKc(text);
        string input = WordBoundary + normalized.Replace(' ', WordBoundary);

        // Lattice positions are code points (as the JS runtime iterates symbols); starts maps them to UTF-16.
        int symbolCount = CountSymbols(input);
        int[] starts = new int[symbolCount + 1];
        for (int i = 0, symbol = 0; i < input.Length; symbol++)
        {
            starts[symbol] = i;
            i += char.IsHighSurrogate(input[i]) && i + 1 < input.Length && char.IsLowSurrogate(input[i + 1]) ? 2 : 1;
        }

        starts[symbolCount] = input.Length;
        double[] best = new double[symbolCount + 1];
        int[] bestPiece = new int[symbolCount + 1];
        for (int end = 1; end <= symbolCount; end++)
        {
            for (int start = Math.Max(0, end - _longestPiece); start < end; start++)
            {
                ReadOnlySpan<char> candidate = input.AsSpan(starts[start], starts[end] - starts[start]);
                if (_lookup.TryGetValue(candidate, out Piece piece))
                {
                    double score = piece.Score + best[start];
                    if (best[end] == 0 || score >= best[end])
                    {
                        best[end] = score;
                        bestPiece[end] = piece.Id;
                    }
                }
            }
        }

        var reversed = new List<int>(symbolCount);
        bool previousUnknown = false;
        for (int position = symbolCount; position > 0; position -= _pieceLengths[bestPiece[position]])
        {
            int id = bestPiece[position];
            bool unknown = id == UnknownId;
            if (!(unknown && previousUnknown))
            {
                reversed.Add(id);
            }

            previousUnknown = unknown;
        }

        reversed.Reverse();
        return [.. reversed];
    }

    /// <summary>
    /// NFKC, as the JS runtime applies it. .NET refuses to normalize text holding a lone surrogate, which JS
    /// accepts and which no piece matches; such a surrogate becomes U+FFFD first, which no piece matches either,
    /// so the token ids are the same (an unknown, id 0).
    /// </summary>
    private static string NormalizeKc(string text)
    {
        try
        {
            return text.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            var repaired = new StringBuilder(text.Length);
            foreach (Rune rune in text.EnumerateRunes())
            {
                repaired.Append(rune.ToString());
            }

            return repaired.ToString().Normalize(NormalizationForm.FormKC);
        }
    }

    private static int CountSymbols(string text)
    {
        int count = 0;
        for (int i = 0; i < text.Length; i++, count++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
        }

        return count;
    }

    private readonly record struct Piece(double Score, int Id);
}
