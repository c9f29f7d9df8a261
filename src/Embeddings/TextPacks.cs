namespace OrleansSearch.Embeddings;

/// <summary>
/// Consecutive texts whose token rows the transformer encodes as one matrix: texts [FirstText, FirstText +
/// TextCount) whose ids occupy [FirstToken, FirstToken + TokenCount) of the concatenated ids.
/// </summary>
internal readonly record struct TextPack(int FirstText, int TextCount, int FirstToken, int TokenCount);

/// <summary>
/// Cuts a batch of tokenized texts into <see cref="TextPack"/>s. Dense layers cost the same weight traffic for
/// one row as for many, so short texts (a package description is about 8 tokens) are worth encoding together;
/// the budget bounds the working set, and a text longer than the budget travels alone.
/// </summary>
internal static class TextPacks
{
    /// <summary>
    /// Groups texts in order, greedily: a text joins the current pack while the pack's tokens stay within
    /// <paramref name="tokenBudget"/>. Every text must have at least one token.
    /// </summary>
    public static List<TextPack> Group(ReadOnlySpan<int> lengths, int tokenBudget)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tokenBudget);
        var packs = new List<TextPack>();
        int firstText = 0, firstToken = 0, tokens = 0;
        for (int i = 0; i < lengths.Length; i++)
        {
            if (lengths[i] <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(lengths), lengths[i], $"Text {i} has no tokens; every packed text needs at least one.");
            }

            if (i > firstText && tokens + lengths[i] > tokenBudget)
            {
                packs.Add(new TextPack(firstText, i - firstText, firstToken, tokens));
                firstText = i;
                firstToken += tokens;
                tokens = 0;
            }

            tokens += lengths[i];
        }

        if (lengths.Length > firstText)
        {
            packs.Add(new TextPack(firstText, lengths.Length - firstText, firstToken, tokens));
        }

        return packs;
    }
}
