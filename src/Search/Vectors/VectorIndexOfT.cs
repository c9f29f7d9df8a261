using System.Collections.Concurrent;
using System.Numerics.Tensors;

namespace OrleansSearch.Search.Vectors;

/// <summary>The <see cref="VectorIndex"/> for one distance, so every search loop is specialised for it.</summary>
internal sealed class VectorIndex<TDistance> : VectorIndex
    where TDistance : struct, IVectorDistance
{
    private readonly ConcurrentBag<SearchScratch> _scratchPool = [];
    private VectorStore _store;
    private HnswGraph<TDistance>? _graph;

    public VectorIndex(VectorIndexOptions options)
        : base(options)
    {
        _store = new VectorStore(options.Dimension);
        _graph = NewGraph(_store);
    }

    public override int Count => _store.LiveCount;

    internal override VectorStore Store => _store;

    internal HnswGraph<TDistance>? Graph => _graph;

    internal override long MemoryBytes => _store.MemoryBytes + (_graph?.MemoryBytes ?? 0);

    public override void Add(int documentOrdinal, string id, ReadOnlySpan<float> vector)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(documentOrdinal);
        ArgumentException.ThrowIfNullOrEmpty(id);
        SearchScratch scratch = Rent();
        try
        {
            ReadOnlySpan<float> prepared = Prepare(vector, scratch, nameof(vector));
            if (_store.TryGetSlotByOrdinal(documentOrdinal, out int owner) && _store.Id(owner) != id)
            {
                throw new ArgumentException($"Document ordinal {documentOrdinal} already holds document '{_store.Id(owner)}'; delete it before adding '{id}' under that ordinal.", nameof(documentOrdinal));
            }

            _store.Delete(id);
            int slot = _store.Append(documentOrdinal, id, prepared);
            _graph?.Insert(slot);
        }
        finally
        {
            Return(scratch);
        }
    }

    public override bool Delete(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!_store.Delete(id))
        {
            return false;
        }

        if (_store.DeletedCount > Options.CompactionThreshold * _store.SlotCount)
        {
            Compact();
        }

        return true;
    }

    public override bool Contains(string id) => _store.TryGetSlot(id, out _);

    public override void Compact()
    {
        VectorStore live = new(_store.Dimension, Math.Max(_store.LiveCount, 16));
        HnswGraph<TDistance>? graph = NewGraph(live);
        for (int slot = 0; slot < _store.SlotCount; slot++)
        {
            if (!_store.IsDeleted(slot))
            {
                int newSlot = live.Append(_store.Ordinal(slot), _store.Id(slot), _store.Vector(slot));
                graph?.Insert(newSlot);
            }
        }

        _store = live;
        _graph = graph;
    }

    internal override VectorHit[] Search(ReadOnlySpan<float> query, int k, OrdinalSet? allowed, int efSearch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(efSearch);
        SearchScratch scratch = Rent();
        try
        {
            ReadOnlySpan<float> prepared = Prepare(query, scratch, nameof(query));
            int live = _store.LiveCount;
            if (_graph is null || live < Options.ExactSearchThreshold)
            {
                return ExactSearch(prepared, k, allowed, scratch);
            }

            int ef = Math.Max(efSearch, k);
            if (allowed is null)
            {
                _graph.Search(prepared, ef, scratch, new LiveSlot(_store));
                return TakeBest(scratch.Results, k);
            }

            // Only about allowed/live of the nodes the beam meets can enter the results, so widen it accordingly.
            int allowedCount = Math.Min(allowed.Count, live);
            int widened = allowedCount == 0 ? live : (int)Math.Min(live, Math.Ceiling((double)ef * live / allowedCount));
            if (allowedCount <= Options.ExactSearchThreshold || allowedCount <= (long)Options.GraphCostPerEf * widened)
            {
                return ExactSearch(prepared, k, allowed, scratch);
            }

            _graph.Search(prepared, widened, scratch, new AllowedLiveSlot(_store, allowed));
            if (scratch.Results.Count < k)
            {
                return ExactSearch(prepared, k, allowed, scratch);
            }

            return TakeBest(scratch.Results, k);
        }
        finally
        {
            Return(scratch);
        }
    }

    internal override VectorHit[] SearchExact(ReadOnlySpan<float> query, int k, OrdinalSet? allowed = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        SearchScratch scratch = Rent();
        try
        {
            return ExactSearch(Prepare(query, scratch, nameof(query)), k, allowed, scratch);
        }
        finally
        {
            Return(scratch);
        }
    }

    internal override void WriteGraph(BinaryWriter writer) => VectorIndexSerializer.WriteGraph(_graph, _store.SlotCount, writer);

    internal override void ReadGraph(BinaryReader reader) => VectorIndexSerializer.ReadGraph(_graph, _store.SlotCount, reader);

    private HnswGraph<TDistance>? NewGraph(VectorStore store) => Options.Kind == VectorIndexKind.Hnsw
        ? new HnswGraph<TDistance>(store, Options.MaxConnections, Options.EfConstruction, Options.Seed)
        : null;

    /// <summary>Checks a vector and copies it into scratch, normalised when the metric compares directions.</summary>
    private ReadOnlySpan<float> Prepare(ReadOnlySpan<float> vector, SearchScratch scratch, string parameter)
    {
        if (vector.Length != _store.Dimension)
        {
            throw new ArgumentException($"The vector has {vector.Length} dimensions; this index holds {_store.Dimension}-dimensional vectors.", parameter);
        }

        for (int i = 0; i < vector.Length; i++)
        {
            if (!float.IsFinite(vector[i]))
            {
                throw new ArgumentException($"Vector component {i} is {vector[i]}; every component must be a finite number.", parameter);
            }
        }

        Span<float> buffer = scratch.QueryBuffer(vector.Length);
        if (!TDistance.RequiresUnitVectors)
        {
            vector.CopyTo(buffer);
            return buffer;
        }

        float norm = TensorPrimitives.Norm(vector);
        if (!(norm > 0f) || !float.IsFinite(norm))
        {
            throw new ArgumentException($"The vector has length {norm}; cosine similarity needs a non-zero vector of finite length.", parameter);
        }

        TensorPrimitives.Divide(vector, norm, buffer);
        return buffer;
    }

    private VectorHit[] ExactSearch(ReadOnlySpan<float> query, int k, OrdinalSet? allowed, SearchScratch scratch)
    {
        DistanceHeap results = scratch.Results;
        results.Clear();
        if (allowed is null)
        {
            for (int slot = 0; slot < _store.SlotCount; slot++)
            {
                if (!_store.IsDeleted(slot))
                {
                    Offer(results, k, TDistance.Distance(query, _store.Vector(slot)), slot);
                }
            }
        }
        else
        {
            AllowedScan scan = new(_store, scratch.Query, results, k);
            allowed.ForEach(ref scan);
        }

        return TakeBest(results, k);
    }

    /// <summary>Keeps the k smallest distances in a max-heap of negated distances.</summary>
    private static void Offer(DistanceHeap results, int k, float distance, int slot)
    {
        if (results.Count < k)
        {
            results.Push(-distance, slot);
        }
        else if (distance < -results.TopKey)
        {
            results.Pop();
            results.Push(-distance, slot);
        }
    }

    /// <summary>Drains a result max-heap into the best k hits, best first.</summary>
    private VectorHit[] TakeBest(DistanceHeap results, int k)
    {
        while (results.Count > k)
        {
            results.Pop();
        }

        var hits = new VectorHit[results.Count];
        for (int i = hits.Length - 1; i >= 0; i--)
        {
            int slot = results.TopValue;
            hits[i] = new VectorHit(_store.Ordinal(slot), _store.Id(slot), TDistance.ToScore(-results.TopKey));
            results.Pop();
        }

        hits.AsSpan().Sort(default(BestFirst));
        return hits;
    }

    private SearchScratch Rent() => _scratchPool.TryTake(out SearchScratch? scratch) ? scratch : new SearchScratch();

    private void Return(SearchScratch scratch) => _scratchPool.Add(scratch);

    /// <summary>Score descending, then ordinal ascending; a struct so sorting allocates no comparer.</summary>
    private readonly struct BestFirst : IComparer<VectorHit>
    {
        public int Compare(VectorHit x, VectorHit y)
        {
            int byScore = y.Score.CompareTo(x.Score);
            return byScore != 0 ? byScore : x.DocumentOrdinal.CompareTo(y.DocumentOrdinal);
        }
    }

    /// <summary>Exact search over the allowed ordinals, visiting only those instead of every slot.</summary>
    private struct AllowedScan(VectorStore store, float[] query, DistanceHeap results, int k) : IOrdinalVisitor
    {
        public readonly void Visit(int ordinal)
        {
            if (store.TryGetSlotByOrdinal(ordinal, out int slot))
            {
                Offer(results, k, TDistance.Distance(query, store.Vector(slot)), slot);
            }
        }
    }
}
