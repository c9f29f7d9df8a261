using OrleansSearch.Search.Collection;
using OrleansSearch.Search.Query;
using OrleansSearch.Search.Schema;
using OrleansSearch.Search.Scoring;
using OrleansSearch.Search.Snippets;
using OrleansSearch.Search.Vectors;

namespace OrleansSearch.Search.Indexing;

/// <summary>
/// One shard of an index, in memory: documents are added (replacing an existing id), deleted
/// (tombstoned until <see cref="Compact"/>) and searched, by BM25 over the query text or, with
/// <see cref="SearchRequest.Nearest"/>, by similarity to a vector. Writes must not run concurrently
/// with anything else; searches may run concurrently with each other.
/// </summary>
/// <remarks>
/// To rank N shards exactly like one: collect <see cref="CollectStatistics"/> from every shard,
/// sum them with <see cref="Bm25Statistics.Sum"/>, pass the sum to every shard's
/// <see cref="Search"/> (with offset 0 and limit offset + limit) and merge with
/// <see cref="SearchResultMerger"/>.
/// </remarks>
public sealed class ShardIndex
{
    private readonly TextFieldIndex?[] _text;
    private readonly KeywordFieldIndex?[] _keywords;
    private readonly NumericFieldIndex?[] _numbers;
    private readonly VectorIndex?[] _vectors;
    private DocumentTable _documents;

    /// <summary>Creates an empty shard.</summary>
    public ShardIndex(IndexSchema schema, SearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        Schema = schema;
        Options = options ?? new SearchOptions();
        Options.Validate();
        _documents = new DocumentTable();
        var count = schema.Fields.Count;
        _text = new TextFieldIndex?[count];
        _keywords = new KeywordFieldIndex?[count];
        _numbers = new NumericFieldIndex?[count];
        _vectors = new VectorIndex?[count];
        for (var i = 0; i < count; i++)
        {
            var field = schema.Fields[i];
            switch (field.Type)
            {
                case FieldType.Text:
                    _text[i] = new TextFieldIndex(field);
                    break;
                case FieldType.Keyword:
                    _keywords[i] = new KeywordFieldIndex(field);
                    break;
                case FieldType.Number:
                case FieldType.Date:
                    _numbers[i] = new NumericFieldIndex(field);
                    break;
                case FieldType.Vector:
                    _vectors[i] = VectorIndex.Create(VectorOptionsOf(field));
                    break;
            }
        }
    }

    internal ShardIndex(IndexSchema schema, SearchOptions options, DocumentTable documents, TextFieldIndex?[] text, KeywordFieldIndex?[] keywords, NumericFieldIndex?[] numbers, VectorIndex?[] vectors)
    {
        Schema = schema;
        Options = options;
        _documents = documents;
        _text = text;
        _keywords = keywords;
        _numbers = numbers;
        _vectors = vectors;
    }

    /// <summary>The fields.</summary>
    public IndexSchema Schema { get; }

    /// <summary>Limits and BM25 parameters.</summary>
    public SearchOptions Options { get; }

    /// <summary>Live documents.</summary>
    public int DocumentCount => _documents.LiveCount;

    /// <summary>Deleted documents whose postings <see cref="Compact"/> would reclaim.</summary>
    public int DeletedCount => _documents.DeletedCount;

    internal DocumentTable Documents => _documents;

    internal TextFieldIndex?[] TextFields => _text;

    internal KeywordFieldIndex?[] KeywordFields => _keywords;

    internal NumericFieldIndex?[] NumericFields => _numbers;

    internal VectorIndex?[] VectorFields => _vectors;

    /// <summary>Whether a live document has this id.</summary>
    public bool Contains(string id) => _documents.TryGetOrdinal(id, out _);

    /// <summary>Validates and indexes <paramref name="document"/>, replacing the live document with the same id.</summary>
    public void Add(SearchDocument document)
    {
        Schema.Validate(document);
        Delete(document.Id);
        var ordinal = _documents.Append(document.Id);
        for (var i = 0; i < Schema.Fields.Count; i++)
        {
            var field = Schema.Fields[i];
            document.Values.TryGetValue(field.Name, out var value);
            var present = document.Values.ContainsKey(field.Name);
            _text[i]?.Add(ordinal, present ? value.Text : null);
            _keywords[i]?.Add(ordinal, present ? value.Keywords : null);
            _numbers[i]?.Add(ordinal, present ? value.Number : null);
            if (present && _vectors[i] is { } vectors)
            {
                vectors.Add(ordinal, document.Id, value.Vector);
            }
        }
    }

    /// <summary>Deletes the document with <paramref name="id"/>; false when there is none.</summary>
    public bool Delete(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!_documents.TryDelete(id, out var ordinal))
        {
            return false;
        }

        foreach (var field in _text)
        {
            field?.OnDeleted(ordinal);
        }

        foreach (var vectors in _vectors)
        {
            vectors?.Delete(id);
        }

        return true;
    }

    /// <summary>
    /// Rewrites the shard without deleted documents (dense ordinals, no dead postings) and packs
    /// each field's postings into shared arrays, which also drops the spare capacity of lists
    /// grown by adds. Call it after a bulk load or when many documents were deleted. Scores do not change.
    /// </summary>
    public void Compact()
    {
        var newOrdinal = new int[_documents.Count];
        var ids = new string[_documents.LiveCount];
        var next = 0;
        for (var old = 0; old < newOrdinal.Length; old++)
        {
            if (_documents.IsDeleted(old))
            {
                newOrdinal[old] = -1;
            }
            else
            {
                ids[next] = _documents.IdOf(old);
                newOrdinal[old] = next++;
            }
        }

        for (var i = 0; i < _text.Length; i++)
        {
            _text[i] = _text[i]?.Compacted(newOrdinal, next);
            _keywords[i] = _keywords[i]?.Compacted(newOrdinal, next);
            _numbers[i] = _numbers[i]?.Compacted(newOrdinal, next);
            _vectors[i]?.RemapOrdinals(newOrdinal);
        }

        _documents = new DocumentTable(ids, []);
    }

    /// <summary>Approximate memory held, by part.</summary>
    public ShardMemoryUsage MemoryUsage()
    {
        long text = 0, keywords = 0, numbers = 0, vectors = 0;
        for (var i = 0; i < _text.Length; i++)
        {
            text += _text[i]?.MemoryBytes ?? 0;
            keywords += _keywords[i]?.MemoryBytes ?? 0;
            numbers += _numbers[i]?.MemoryBytes ?? 0;
            vectors += _vectors[i]?.MemoryBytes ?? 0;
        }

        return new ShardMemoryUsage(_documents.MemoryBytes, text, keywords, numbers, vectors);
    }

    /// <summary>This shard's statistics for the terms of <paramref name="request"/>; sum them over shards for global scoring.</summary>
    public Bm25Statistics CollectStatistics(SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return StatisticsOf(PlanQuery(request));
    }

    /// <summary>
    /// Searches this shard. With <paramref name="statistics"/> null the shard's own statistics
    /// score; pass summed statistics of all shards for global scoring. With
    /// <see cref="SearchRequest.Nearest"/> the hits are the nearest vectors instead (no statistics needed).
    /// </summary>
    public SearchResult Search(SearchRequest request, IBm25StatisticsProvider? statistics = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ValidatePaging(request);
        if (request.Nearest is { } nearest)
        {
            return NearestNeighbourSearch.Run(this, request, nearest);
        }

        var plan = PlanQuery(request);
        statistics ??= StatisticsOf(plan);
        var facets = CreateFacetCounters(request);
        var highlighter = request.Highlight is null ? null : new Highlighter(this, plan, request.Highlight);
        var allowed = FilterEvaluator.Evaluate(this, request.Filters);
        var window = request.Offset + request.Limit;
        var sort = request.Sort;
        var (numbers, keywords) = sort.IsScore ? (null, null) : SortColumns(sort);
        double? afterScore = null;
        SortValue? afterValue = null;
        string? afterId = null;
        if (request.SearchAfter is not null)
        {
            var (score, value, id) = SearchCursor.Decode(request.SearchAfter, sort);
            (afterScore, afterValue, afterId) = (score, value, id);
        }

        var exhaustive = !sort.IsScore || facets.Length > 0;
        var pruneAfter = exhaustive ? int.MaxValue : request.TotalHitsThreshold;
        var searcher = QueryExecution.CreateSearcher(this, plan, statistics, out _);
        List<(int Ordinal, double Score, SortValue Value)> kept;
        if (sort.IsScore)
        {
            var collector = new TopScoreCollector(window, _documents, afterScore, afterId);
            searcher?.Run(collector, allowed, facets, pruneAfter);
            kept = [];
            foreach (var (ordinal, score) in collector.Drain())
            {
                kept.Add((ordinal, score, default));
            }
        }
        else
        {
            var collector = new FieldSortCollector(window, _documents, numbers, keywords, sort.Order, afterValue, afterId);
            searcher?.Run(collector, allowed, facets, pruneAfter);
            kept = [.. collector.Drain()];
        }

        var hits = new List<SearchHit>(Math.Max(0, kept.Count - request.Offset));
        Explanation?[]? explanations = request.Explain ? QueryExecution.ExplainHits(this, plan, statistics, kept, request.Offset) : null;
        for (var i = request.Offset; i < kept.Count; i++)
        {
            var (ordinal, score, value) = kept[i];
            hits.Add(new SearchHit(
                _documents.IdOf(ordinal),
                score,
                value,
                request.IncludeStoredFields ? StoredFieldsOf(ordinal, request.StoredFieldNames) : null,
                explanations?[i - request.Offset],
                highlighter?.Snippets(ordinal)));
        }

        var facetResults = new FacetResult[facets.Length];
        for (var i = 0; i < facets.Length; i++)
        {
            facetResults[i] = facets[i].Result();
        }

        var totalHits = searcher?.TotalHits ?? 0;
        var exact = searcher?.TotalHitsExact ?? true;
        return new SearchResult(
            hits,
            totalHits,
            exact ? TotalHitsRelation.Exact : TotalHitsRelation.GreaterThanOrEqual,
            facetResults,
            hits.Count == 0 ? null : SearchCursor.Encode(sort, hits[^1]));
    }

    private Bm25Statistics StatisticsOf(QueryPlan plan)
    {
        var statistics = new Bm25Statistics();
        foreach (var leaf in plan.Leaves)
        {
            if (leaf.Field.Type != FieldType.Text)
            {
                continue;
            }

            var field = TextFieldOf(leaf.Field);
            statistics.SetField(leaf.Field.Name, new FieldStatistics(field.DocumentCount, field.SumLength));
            switch (leaf)
            {
                case TermLeaf term:
                    statistics.SetDocumentFrequency(leaf.Field.Name, term.Term, field.LiveDocumentFrequency(term.Term, _documents));
                    break;
                case PhraseLeaf phrase:
                    foreach (var t in phrase.Terms)
                    {
                        statistics.SetDocumentFrequency(leaf.Field.Name, t, field.LiveDocumentFrequency(t, _documents));
                    }

                    break;
            }
        }

        return statistics;
    }

    /// <summary>The stored values of a live document, or null when there is none with this id.</summary>
    public IReadOnlyDictionary<string, object>? GetStoredFields(string id) =>
        _documents.TryGetOrdinal(id, out var ordinal) ? StoredFieldsOf(ordinal, only: null) : null;

    internal QueryPlan PlanQuery(SearchRequest request)
    {
        var clauses = QueryParser.Parse(request.Query, request.Syntax, request.DefaultOperator, Options.MaxQueryLength);
        return QueryPlanner.Plan(Schema, clauses, Options.MaxClauses);
    }

    internal TextFieldIndex TextFieldOf(FieldDefinition field) => _text[Schema.OrdinalOf(field)]!;

    internal KeywordFieldIndex KeywordFieldOf(FieldDefinition field) => _keywords[Schema.OrdinalOf(field)]!;

    internal NumericFieldIndex NumericFieldOf(FieldDefinition field) => _numbers[Schema.OrdinalOf(field)]!;

    internal VectorIndex VectorFieldOf(FieldDefinition field) => _vectors[Schema.OrdinalOf(field)]!;

    internal static VectorIndexOptions VectorOptionsOf(FieldDefinition field) => new() { Dimension = field.Dimension, Metric = field.Metric };

    internal FacetCounter[] CreateFacetCounters(SearchRequest request)
    {
        var counters = new FacetCounter[request.Facets.Count];
        for (var i = 0; i < counters.Length; i++)
        {
            var facet = request.Facets[i];
            if (facet.Size is < 1 or > 10_000)
            {
                throw new ArgumentOutOfRangeException(nameof(request), facet.Size, $"Facet size of '{facet.Field}' is {facet.Size}; it must be between 1 and 10000.");
            }

            counters[i] = new FacetCounter(KeywordFieldOf(Schema.GetField(facet.Field, FieldType.Keyword, "a facet")), facet.Size);
        }

        return counters;
    }

    private (NumericFieldIndex? Numbers, KeywordFieldIndex? Keywords) SortColumns(SortSpec sort)
    {
        var field = Schema.GetField(sort.Field!);
        return field.Type switch
        {
            FieldType.Number or FieldType.Date => (NumericFieldOf(field), null),
            FieldType.Keyword => (null, KeywordFieldOf(field)),
            _ => throw new ArgumentException($"Cannot sort by field '{field.Name}': it is a {field.Type} field; sort by score or by a Number, Date or Keyword field.", nameof(sort)),
        };
    }

    private void ValidatePaging(SearchRequest request)
    {
        if (request.Offset < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.Offset, $"Offset is {request.Offset}; it must be ≥ 0.");
        }

        if (request.Limit < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.Limit, $"Limit is {request.Limit}; it must be ≥ 0.");
        }

        if ((long)request.Offset + request.Limit > Options.MaxResultWindow)
        {
            throw new ArgumentOutOfRangeException(
                nameof(request),
                request.Offset + (long)request.Limit,
                $"Offset + limit is {request.Offset + (long)request.Limit}; it must be ≤ the result window {Options.MaxResultWindow}. Page deeper with SearchAfter.");
        }

        if (request.TotalHitsThreshold < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.TotalHitsThreshold, $"TotalHitsThreshold is {request.TotalHitsThreshold}; it must be ≥ 0.");
        }

        if (request.SearchAfter is not null && request.Offset != 0)
        {
            throw new ArgumentException($"SearchAfter pages from a cursor; Offset must be 0, not {request.Offset}.", nameof(request));
        }
    }

    /// <summary>The document's stored values: every stored field, or those of them named in <paramref name="only"/>.</summary>
    internal Dictionary<string, object> StoredFieldsOf(int ordinal, IReadOnlySet<string>? only)
    {
        var stored = new Dictionary<string, object>(StringComparer.Ordinal);
        for (var i = 0; i < Schema.Fields.Count; i++)
        {
            var field = Schema.Fields[i];
            if (!field.Stored || (only is not null && !only.Contains(field.Name)))
            {
                continue;
            }

            switch (field.Type)
            {
                case FieldType.Text when _text[i]!.StoredText(ordinal) is { } text:
                    stored[field.Name] = text;
                    break;
                case FieldType.Keyword:
                    var valueOrdinals = _keywords[i]!.ValuesOf(ordinal);
                    if (valueOrdinals.Length > 0)
                    {
                        var values = new string[valueOrdinals.Length];
                        for (var v = 0; v < values.Length; v++)
                        {
                            values[v] = _keywords[i]!.ValueOf(valueOrdinals[v]);
                        }

                        stored[field.Name] = values;
                    }

                    break;
                case FieldType.Number or FieldType.Date:
                    var number = _numbers[i]!.ValueOf(ordinal);
                    if (!double.IsNaN(number))
                    {
                        stored[field.Name] = field.Type == FieldType.Date ? DateTimeOffset.FromUnixTimeMilliseconds((long)number) : number;
                    }

                    break;
            }
        }

        return stored;
    }
}
