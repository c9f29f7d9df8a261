using OrleansSearch.Search.Analysis;

namespace OrleansSearch.Search.Tests.Analysis;

internal static class StemmerHarness
{
    public static string Stem(string word)
    {
        char[] chars = word.ToCharArray();
        int length = EnglishStemmer.Stem(chars);
        return new string(chars, 0, length);
    }
}
