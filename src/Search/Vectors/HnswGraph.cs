namespace OrleansSearch.Search.Vectors;

/// <summary>
/// Hierarchical Navigable Small World graph over the slots of a <see cref="VectorStore"/> (Malkov &amp; Yashunin,
/// "Efficient and robust approximate nearest neighbor search using HNSW graphs", TPAMI 2018).
/// Layer 0 links of every node live in one int array (count followed by up to 2·M neighbours per node) so the
/// hot layer is read without pointer chasing; the few nodes above layer 0 keep their upper links in a small
/// array each. Neighbours are chosen with the paper's heuristic (Algorithm 4, without extending candidates or
/// keeping pruned connections), which keeps links spread in different directions and is what makes recall
/// hold at high dimension. Deleted slots stay in the graph as routing points; the searcher's filter keeps
/// them out of results.
/// </summary>
internal sealed class HnswGraph<TDistance>
    where TDistance : struct, IVectorDistance
{
    private readonly VectorStore _store;
    private readonly int _maxConnections;
    private readonly int _maxConnectionsLayer0;
    private readonly int _efConstruction;
    private readonly LevelGenerator _levelGenerator;
    private readonly SearchScratch _buildScratch = new();
    private int[] _layer0Links;
    private byte[] _levels;
    private int[]?[] _upperLinks;
    private float[] _selectionDistances = new float[64];
    private int[] _selectionNodes = new int[64];
    private readonly List<int> _selected = [];

    public HnswGraph(VectorStore store, int maxConnections, int efConstruction, ulong seed)
    {
        _store = store;
        _maxConnections = maxConnections;
        _maxConnectionsLayer0 = 2 * maxConnections;
        _efConstruction = efConstruction;
        _levelGenerator = new LevelGenerator(maxConnections, seed);
        int capacity = Math.Max(store.Capacity, 16);
        _layer0Links = new int[capacity * Layer0Stride];
        _levels = new byte[capacity];
        _upperLinks = new int[]?[capacity];
    }

    /// <summary>Entry node for searches, or −1 while the graph is empty.</summary>
    public int EntryPoint { get; private set; } = -1;

    public int MaxLevel { get; private set; } = -1;

    /// <summary>Number of slots linked into the graph (slots 0 .. NodeCount−1).</summary>
    public int NodeCount { get; private set; }

    public ulong LevelGeneratorState => _levelGenerator.State;

    private int Layer0Stride => _maxConnectionsLayer0 + 1;

    /// <summary>Approximate bytes held by the links and levels (upper layers hold about 1/M of the nodes).</summary>
    public long MemoryBytes => ((long)_layer0Links.Length * sizeof(int)) + _levels.Length + ((long)_upperLinks.Length * IntPtr.Size)
        + ((long)NodeCount / _maxConnections * UpperStride * sizeof(int));

    private int UpperStride => _maxConnections + 1;

    public int Level(int node) => _levels[node];

    /// <summary>The neighbour list of <paramref name="node"/> at <paramref name="level"/>: element 0 is the count.</summary>
    public Span<int> Links(int node, int level) => level == 0
        ? _layer0Links.AsSpan(node * Layer0Stride, Layer0Stride)
        : _upperLinks[node].AsSpan((level - 1) * UpperStride, UpperStride);

    /// <summary>Links the next store slot into the graph. Slots are inserted in order, exactly once.</summary>
    public void Insert(int node)
    {
        EnsureCapacity(node + 1);
        int level = _levelGenerator.NextLevel();
        AddNode(node, level);
        if (EntryPoint < 0)
        {
            EntryPoint = node;
            MaxLevel = level;
            return;
        }

        ReadOnlySpan<float> vector = _store.Vector(node);
        int entry = EntryPoint;
        float entryDistance = TDistance.Distance(vector, _store.Vector(entry));
        for (int l = MaxLevel; l > level; l--)
        {
            GreedyClosest(vector, l, ref entry, ref entryDistance);
        }

        for (int l = Math.Min(level, MaxLevel); l >= 0; l--)
        {
            SearchLayer(vector, entry, entryDistance, _efConstruction, l, _buildScratch, new AnySlot());
            int count = DrainAscending(_buildScratch.Results);
            SelectNeighbours(count, _maxConnections);
            Span<int> links = Links(node, l);
            links[0] = _selected.Count;
            for (int i = 0; i < _selected.Count; i++)
            {
                links[i + 1] = _selected[i];
            }

            // The closest candidate seeds the search one layer down (as hnswlib does), rather than the whole set.
            entry = _selectionNodes[0];
            entryDistance = _selectionDistances[0];
            for (int i = 0; i < links[0]; i++)
            {
                Connect(links[i + 1], node, l);
            }
        }

        if (level > MaxLevel)
        {
            EntryPoint = node;
            MaxLevel = level;
        }
    }

    /// <summary>
    /// Fills <paramref name="scratch"/>.Results with up to <paramref name="ef"/> accepted nodes nearest to
    /// <paramref name="query"/>: greedy descent through the upper layers, then a beam search of width ef on layer 0.
    /// </summary>
    public void Search<TFilter>(ReadOnlySpan<float> query, int ef, SearchScratch scratch, TFilter filter)
        where TFilter : struct, ISlotFilter
    {
        scratch.Results.Clear();
        if (EntryPoint < 0)
        {
            return;
        }

        int entry = EntryPoint;
        float entryDistance = TDistance.Distance(query, _store.Vector(entry));
        for (int l = MaxLevel; l > 0; l--)
        {
            GreedyClosest(query, l, ref entry, ref entryDistance);
        }

        SearchLayer(query, entry, entryDistance, ef, 0, scratch, filter);
    }

    /// <summary>Restores a graph read from a snapshot: level and links of each node, entry point, generator state.</summary>
    public void Restore(int nodeCount, int entryPoint, int maxLevel, ulong levelGeneratorState, Func<int, int> readLevel, Action<int, int, Span<int>> readLinks)
    {
        EnsureCapacity(nodeCount);
        for (int node = 0; node < nodeCount; node++)
        {
            AddNode(node, readLevel(node));
        }

        for (int node = 0; node < nodeCount; node++)
        {
            for (int l = 0; l <= _levels[node]; l++)
            {
                readLinks(node, l, Links(node, l));
            }
        }

        EntryPoint = entryPoint;
        MaxLevel = maxLevel;
        _levelGenerator.Reset(levelGeneratorState);
    }

    private void AddNode(int node, int level)
    {
        _levels[node] = (byte)level;
        _upperLinks[node] = level > 0 ? new int[level * UpperStride] : null;
        _layer0Links[node * Layer0Stride] = 0;
        NodeCount = node + 1;
    }

    private void GreedyClosest(ReadOnlySpan<float> query, int level, ref int entry, ref float entryDistance)
    {
        bool improved = true;
        while (improved)
        {
            improved = false;
            ReadOnlySpan<int> links = Links(entry, level);
            int count = links[0];
            for (int i = 1; i <= count; i++)
            {
                int neighbour = links[i];
                float distance = TDistance.Distance(query, _store.Vector(neighbour));
                if (distance < entryDistance)
                {
                    entryDistance = distance;
                    entry = neighbour;
                    improved = true;
                }
            }
        }
    }

    private void SearchLayer<TFilter>(ReadOnlySpan<float> query, int entry, float entryDistance, int ef, int level, SearchScratch scratch, TFilter filter)
        where TFilter : struct, ISlotFilter
    {
        VisitedSet visited = scratch.Visited;
        DistanceHeap candidates = scratch.Candidates;
        DistanceHeap results = scratch.Results;
        visited.Reset(NodeCount);
        candidates.Clear();
        results.Clear();

        float[] vectors = _store.RawVectors;
        int dimension = _store.Dimension;
        visited.TryVisit(entry);
        candidates.Push(entryDistance, entry);
        float bound = float.PositiveInfinity;
        if (filter.Accepts(entry))
        {
            results.Push(-entryDistance, entry);
            bound = entryDistance;
        }

        while (candidates.Count > 0)
        {
            float candidateDistance = candidates.TopKey;
            int candidate = candidates.TopValue;
            if (candidateDistance > bound && results.Count >= ef)
            {
                break;
            }

            candidates.Pop();
            ReadOnlySpan<int> links = Links(candidate, level);
            int count = links[0];

            // Gather the unvisited neighbours and prefetch their vectors before computing any distance: the
            // vectors are scattered through memory, and overlapping those cache misses is most of the speed.
            Span<int> pending = scratch.Pending(count);
            int pendingCount = 0;
            for (int i = 1; i <= count; i++)
            {
                int neighbour = links[i];
                if (visited.TryVisit(neighbour))
                {
                    pending[pendingCount++] = neighbour;
                    Prefetch.Range(vectors, neighbour * dimension, dimension);
                }
            }

            for (int i = 0; i < pendingCount; i++)
            {
                int neighbour = pending[i];
                float distance = TDistance.Distance(query, new ReadOnlySpan<float>(vectors, neighbour * dimension, dimension));
                if (results.Count < ef || distance < bound)
                {
                    candidates.Push(distance, neighbour);
                    if (filter.Accepts(neighbour))
                    {
                        results.Push(-distance, neighbour);
                        if (results.Count > ef)
                        {
                            results.Pop();
                        }

                        bound = -results.TopKey;
                    }
                }
            }
        }
    }

    /// <summary>Empties a result max-heap into the selection arrays, nearest first; returns the count.</summary>
    private int DrainAscending(DistanceHeap results)
    {
        int count = results.Count;
        EnsureSelectionCapacity(count);
        for (int i = count - 1; i >= 0; i--)
        {
            _selectionDistances[i] = -results.TopKey;
            _selectionNodes[i] = results.TopValue;
            results.Pop();
        }

        return count;
    }

    /// <summary>
    /// The neighbour-selection heuristic: walk candidates nearest first and keep one only if it is closer to the
    /// base node than to every neighbour already kept, up to <paramref name="limit"/>; fewer candidates than the
    /// limit are all kept. Reads the first
    /// <paramref name="count"/> selection entries (sorted ascending); writes <see cref="_selected"/>.
    /// </summary>
    private void SelectNeighbours(int count, int limit)
    {
        _selected.Clear();
        if (count < limit)
        {
            // Room for every candidate: pruning would only leave slots empty (hnswlib keeps them all too).
            for (int i = 0; i < count; i++)
            {
                _selected.Add(_selectionNodes[i]);
            }

            return;
        }

        for (int i = 0; i < count && _selected.Count < limit; i++)
        {
            int candidate = _selectionNodes[i];
            float distanceToBase = _selectionDistances[i];
            ReadOnlySpan<float> candidateVector = _store.Vector(candidate);
            bool diverse = true;
            for (int j = 0; j < _selected.Count; j++)
            {
                if (TDistance.Distance(candidateVector, _store.Vector(_selected[j])) < distanceToBase)
                {
                    diverse = false;
                    break;
                }
            }

            if (diverse)
            {
                _selected.Add(candidate);
            }
        }
    }

    /// <summary>Adds the back link target → node; a full list is re-pruned with the heuristic around target.</summary>
    private void Connect(int target, int node, int level)
    {
        Span<int> links = Links(target, level);
        int limit = level == 0 ? _maxConnectionsLayer0 : _maxConnections;
        int count = links[0];
        if (count < limit)
        {
            links[count + 1] = node;
            links[0] = count + 1;
            return;
        }

        EnsureSelectionCapacity(count + 1);
        ReadOnlySpan<float> targetVector = _store.Vector(target);
        for (int i = 0; i < count; i++)
        {
            _selectionNodes[i] = links[i + 1];
            _selectionDistances[i] = TDistance.Distance(targetVector, _store.Vector(links[i + 1]));
        }

        _selectionNodes[count] = node;
        _selectionDistances[count] = TDistance.Distance(targetVector, _store.Vector(node));
        _selectionDistances.AsSpan(0, count + 1).Sort(_selectionNodes.AsSpan(0, count + 1));
        SelectNeighbours(count + 1, limit);
        links[0] = _selected.Count;
        for (int i = 0; i < _selected.Count; i++)
        {
            links[i + 1] = _selected[i];
        }
    }

    private void EnsureSelectionCapacity(int count)
    {
        if (_selectionNodes.Length < count)
        {
            int size = Math.Max(count, _selectionNodes.Length * 2);
            _selectionNodes = new int[size];
            _selectionDistances = new float[size];
        }
    }

    private void EnsureCapacity(int nodes)
    {
        if (nodes <= _levels.Length)
        {
            return;
        }

        int capacity = Math.Max(nodes, _levels.Length * 2);
        Array.Resize(ref _layer0Links, capacity * Layer0Stride);
        Array.Resize(ref _levels, capacity);
        Array.Resize(ref _upperLinks, capacity);
    }
}
