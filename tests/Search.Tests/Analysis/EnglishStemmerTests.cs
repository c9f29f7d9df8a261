using OrleansSearch.Search.Analysis;

namespace OrleansSearch.Search.Tests.Analysis;

/// <summary>The examples of the published Porter2 description, grouped by the rule they show.</summary>
public sealed class EnglishStemmerTests
{
    /// <summary>The sample vocabulary of the algorithm's page, with its stems.</summary>
    [Theory]
    [InlineData("consign", "consign"), InlineData("consigned", "consign"), InlineData("consigning", "consign")]
    [InlineData("consignment", "consign"), InlineData("consist", "consist"), InlineData("consisted", "consist")]
    [InlineData("consistency", "consist"), InlineData("consistent", "consist"), InlineData("consistently", "consist")]
    [InlineData("consisting", "consist"), InlineData("consists", "consist"), InlineData("consolation", "consol")]
    [InlineData("consolations", "consol"), InlineData("consolatory", "consolatori"), InlineData("console", "consol")]
    [InlineData("consoled", "consol"), InlineData("consoles", "consol"), InlineData("consolidate", "consolid")]
    [InlineData("consolidated", "consolid"), InlineData("consolidating", "consolid"), InlineData("consoling", "consol")]
    [InlineData("consolingly", "consol"), InlineData("consols", "consol"), InlineData("consonant", "conson")]
    [InlineData("consort", "consort"), InlineData("consorted", "consort"), InlineData("consorting", "consort")]
    [InlineData("conspicuous", "conspicu"), InlineData("conspicuously", "conspicu"), InlineData("conspiracy", "conspiraci")]
    [InlineData("conspirator", "conspir"), InlineData("conspirators", "conspir"), InlineData("conspire", "conspir")]
    [InlineData("conspired", "conspir"), InlineData("conspiring", "conspir"), InlineData("constable", "constabl")]
    [InlineData("constables", "constabl"), InlineData("constance", "constanc"), InlineData("constancy", "constanc")]
    [InlineData("constant", "constant"), InlineData("knack", "knack"), InlineData("knackeries", "knackeri")]
    [InlineData("knacks", "knack"), InlineData("knag", "knag"), InlineData("knave", "knave"), InlineData("knaves", "knave")]
    [InlineData("knavish", "knavish"), InlineData("kneaded", "knead"), InlineData("kneading", "knead"), InlineData("knee", "knee")]
    [InlineData("kneel", "kneel"), InlineData("kneeled", "kneel"), InlineData("kneeling", "kneel"), InlineData("kneels", "kneel")]
    [InlineData("knees", "knee"), InlineData("knell", "knell"), InlineData("knelt", "knelt"), InlineData("knew", "knew")]
    [InlineData("knick", "knick"), InlineData("knif", "knif"), InlineData("knife", "knife"), InlineData("knight", "knight")]
    [InlineData("knightly", "knight"), InlineData("knights", "knight"), InlineData("knit", "knit"), InlineData("knits", "knit")]
    [InlineData("knitted", "knit"), InlineData("knitting", "knit"), InlineData("knives", "knive"), InlineData("knob", "knob")]
    [InlineData("knobs", "knob"), InlineData("knock", "knock"), InlineData("knocked", "knock"), InlineData("knocker", "knocker")]
    [InlineData("knockers", "knocker"), InlineData("knocking", "knock"), InlineData("knocks", "knock"), InlineData("knopp", "knopp")]
    [InlineData("knot", "knot"), InlineData("knots", "knot")]
    public void Stems_TheSampleVocabulary(string word, string stem) => Assert.Equal(stem, StemmerHarness.Stem(word));

    [Theory]
    [InlineData("skis", "ski"), InlineData("skies", "sky"), InlineData("dying", "die"), InlineData("lying", "lie")]
    [InlineData("tying", "tie"), InlineData("idly", "idl"), InlineData("gently", "gentl"), InlineData("ugly", "ugli")]
    [InlineData("early", "earli"), InlineData("only", "onli"), InlineData("singly", "singl")]
    [InlineData("sky", "sky"), InlineData("news", "news"), InlineData("howe", "howe"), InlineData("atlas", "atlas")]
    [InlineData("cosmos", "cosmos"), InlineData("bias", "bias"), InlineData("andes", "andes")]
    public void ExceptionalForms_AreLookedUpWhole(string word, string stem) => Assert.Equal(stem, StemmerHarness.Stem(word));

    [Theory]
    [InlineData("innings", "inning"), InlineData("outing", "outing"), InlineData("canning", "canning")]
    [InlineData("herrings", "herring"), InlineData("earring", "earring"), InlineData("proceed", "proceed")]
    [InlineData("exceeded", "exceed"), InlineData("succeeds", "succeed")]
    public void WordsInvariantAfterStep1a_StopThere(string word, string stem) => Assert.Equal(stem, StemmerHarness.Stem(word));

    [Theory]
    [InlineData("generate", "generat"), InlineData("generously", "generous"), InlineData("community", "communiti")]
    [InlineData("arsenal", "arsenal")]
    public void GenerCommunArsen_StartR1AfterThePrefix(string word, string stem) => Assert.Equal(stem, StemmerHarness.Stem(word));

    [Theory]
    [InlineData("youth", "youth"), InlineData("yelling", "yell"), InlineData("played", "play"), InlineData("buying", "buy")]
    [InlineData("cry", "cri"), InlineData("by", "by"), InlineData("say", "say")]
    public void ConsonantY_IsKeptAndFinalYAfterAConsonantBecomesI(string word, string stem) => Assert.Equal(stem, StemmerHarness.Stem(word));

    [Theory]
    [InlineData("john's", "john"), InlineData("students'", "student"), InlineData("don't", "don't"), InlineData("'tis", "tis")]
    public void Apostrophes_PossessivesAndTheInitialOneGo(string word, string stem) => Assert.Equal(stem, StemmerHarness.Stem(word));

    [Theory]
    [InlineData("gaps", "gap"), InlineData("gas", "gas"), InlineData("kiwis", "kiwi"), InlineData("ties", "tie")]
    [InlineData("cries", "cri"), InlineData("caresses", "caress"), InlineData("consensus", "consensus"), InlineData("class", "class")]
    [InlineData("foxes", "fox")]
    public void Step1a_Plurals(string word, string stem) => Assert.Equal(stem, StemmerHarness.Stem(word));

    [Theory]
    [InlineData("hoping", "hope"), InlineData("hopping", "hop"), InlineData("luxuriating", "luxuri"), InlineData("agreed", "agre")]
    [InlineData("feed", "feed"), InlineData("bled", "bled"), InlineData("snowing", "snow")]
    public void Step1b_EdAndIng(string word, string stem) => Assert.Equal(stem, StemmerHarness.Stem(word));

    [Theory]
    [InlineData("rationalization", "ration"), InlineData("hopefulness", "hope"), InlineData("electrical", "electr")]
    [InlineData("adoption", "adopt"), InlineData("firefighting", "firefight"), InlineData("logically", "logic")]
    [InlineData("meaningfully", "meaning"), InlineData("lessly", "lessli")]
    public void Steps2To5_DerivationalSuffixes(string word, string stem) => Assert.Equal(stem, StemmerHarness.Stem(word));

    [Theory]
    [InlineData(""), InlineData("a"), InlineData("is"), InlineData("\U00010428s")]
    public void WordsOfFewerThanThreeLetters_AreLeftAsTheyAre(string word) => Assert.Equal(word, StemmerHarness.Stem(word));

    [Fact]
    public void StemsInPlace_WithinTheCallersBuffer()
    {
        Span<char> buffer = stackalloc char[32];
        "consolations".CopyTo(buffer);
        int length = EnglishStemmer.Stem(buffer[.."consolations".Length]);
        Assert.Equal("consol", buffer[..length].ToString());
    }
}
