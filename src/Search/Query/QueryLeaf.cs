using OrleansSearch.Search.Schema;

namespace OrleansSearch.Search.Query;

/// <summary>One analyzed thing to look up in one field; every score is a sum of leaf scores.</summary>
internal abstract record QueryLeaf(FieldDefinition Field, double Boost);

/// <summary>A term of a text field, scored with BM25.</summary>
internal sealed record TermLeaf(FieldDefinition Field, string Term, double Boost) : QueryLeaf(Field, Boost);

/// <summary>
/// Terms of a text field at fixed relative positions (gaps from removed stopwords kept), scored
/// with BM25 on the phrase frequency and the summed idf of its terms.
/// </summary>
internal sealed record PhraseLeaf(FieldDefinition Field, string[] Terms, int[] Offsets, double Boost) : QueryLeaf(Field, Boost);

/// <summary>An exact keyword value; matching documents score the boost (constant score).</summary>
internal sealed record KeywordLeaf(FieldDefinition Field, string Value, double Boost) : QueryLeaf(Field, Boost);
