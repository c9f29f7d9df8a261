using OrleansSearch.Search.Analysis;

namespace OrleansSearch.Search.Tests.Analysis;

public sealed class AccentFoldingFilterTests
{
    private static string? Fold(string term) => FilterHarness.Apply(AccentFoldingFilter.Instance, term);

    [Theory]
    [InlineData("café", "cafe"), InlineData("naïve", "naive"), InlineData("über", "uber"), InlineData("señor", "senor")]
    [InlineData("Ångström", "Angstrom"), InlineData("crème", "creme"), InlineData("façade", "facade"), InlineData("Dvořák", "Dvorak")]
    [InlineData("ŝĝĥ", "sgh"), InlineData("ǖ", "u"), InlineData("ἀθῆναι", "αθηναι"), InlineData("йод", "иод")]
    public void AccentedLetters_LoseTheirAccents(string term, string folded) => Assert.Equal(folded, Fold(term));

    [Fact]
    public void DecomposedInput_FoldsLikePrecomposed()
    {
        Assert.Equal("cafe", Fold("cafe\u0301"));
        Assert.Equal(Fold("Å"), Fold("A\u030A"));
    }

    [Theory]
    [InlineData("straße", "strasse"), InlineData("ẞ", "SS"), InlineData("æther", "aether"), InlineData("Æsir", "AEsir")]
    [InlineData("œuvre", "oeuvre"), InlineData("søren", "soren"), InlineData("Øresund", "Oresund"), InlineData("łódź", "lodz")]
    [InlineData("Łukasz", "Lukasz"), InlineData("đur", "dur"), InlineData("ðæt", "daet"), InlineData("þorn", "thorn")]
    [InlineData("ħ", "h"), InlineData("ŧ", "t"), InlineData("ı", "i"), InlineData("ĳs", "ijs"), InlineData("ŀl", "ll")]
    [InlineData("ſ", "s"), InlineData("ƒ", "f"), InlineData("ǿ", "o"), InlineData("ǽ", "ae")]
    public void LettersWithoutADecomposition_AreSpelledOut(string term, string folded) => Assert.Equal(folded, Fold(term));

    [Theory]
    [InlineData("\u212B", "A"), InlineData("\u212A", "K"), InlineData("\u2126", "\u03A9")]
    public void LetterlikeSymbols_FoldToTheirLetters(string term, string folded) => Assert.Equal(folded, Fold(term));

    [Theory]
    [InlineData("ﬁnance", "finance"), InlineData("ﬂow", "flow"), InlineData("ﬀ", "ff"), InlineData("oﬃce", "office")]
    [InlineData("ﬄ", "ffl"), InlineData("ﬅ", "st"), InlineData("ﬆ", "st")]
    public void Ligatures_AreSpelledOut(string term, string folded) => Assert.Equal(folded, Fold(term));

    [Theory]
    [InlineData("한국어"), InlineData("हिन्दी"), InlineData("中文"), InlineData("москва"), InlineData("שָׁלוֹם"), InlineData("がぎ"), InlineData("क़"), InlineData("\U00010428")]
    public void OtherScripts_KeepTheirLettersAndMarks(string term) => Assert.Equal(term, Fold(term));

    [Fact]
    public void AsciiTerms_AreLeftAsTheyAre()
    {
        Assert.Equal("plain ASCII 123 it's", Fold("plain ASCII 123 it's"));
    }

    [Fact]
    public void LongTerms_FoldPastTheStackScratch()
    {
        string term = string.Concat(Enumerable.Repeat("éß", 200));
        Assert.Equal(string.Concat(Enumerable.Repeat("ess", 200)), Fold(term));
    }

    [Fact]
    public void FoldingNeverRemovesATerm() => Assert.NotNull(Fold("é"));
}
