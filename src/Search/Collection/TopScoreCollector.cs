using OrleansSearch.Search.Indexing;

namespace OrleansSearch.Search.Collection;

/// <summary>
/// Keeps the k best documents by score (ties: id ascending) in a binary min-heap whose root is
/// the worst kept hit. With a search-after point it only accepts documents ranking after it.
/// </summary>
internal sealed class TopScoreCollector : IHitCollector
{
    private readonly DocumentTable _documents;
    private readonly int _capacity;
    private readonly double[] _scores;
    private readonly int[] _ordinals;
    private readonly bool _hasAfter;
    private readonly double _afterScore;
    private readonly string _afterId;
    private int _count;

    public TopScoreCollector(int capacity, DocumentTable documents, double? afterScore, string? afterId)
    {
        _capacity = capacity;
        _documents = documents;
        _scores = new double[Math.Max(capacity, 1)];
        _ordinals = new int[Math.Max(capacity, 1)];
        _hasAfter = afterScore.HasValue;
        _afterScore = afterScore ?? 0;
        _afterId = afterId ?? string.Empty;
    }

    public double MinCompetitiveScore => _count == _capacity && _capacity > 0 ? _scores[0] : double.NegativeInfinity;

    public void Collect(int ordinal, double score)
    {
        if (_capacity == 0)
        {
            return;
        }

        var id = _documents.IdOf(ordinal);
        if (_hasAfter && HitOrder.CompareScores(score, id, _afterScore, _afterId) <= 0)
        {
            return;
        }

        if (_count < _capacity)
        {
            _scores[_count] = score;
            _ordinals[_count] = ordinal;
            HeapSift.Up(new Slots(this), _count++);
            return;
        }

        if (HitOrder.CompareScores(score, id, _scores[0], _documents.IdOf(_ordinals[0])) >= 0)
        {
            return;
        }

        _scores[0] = score;
        _ordinals[0] = ordinal;
        HeapSift.Down(new Slots(this), 0, _count);
    }

    /// <summary>The kept hits, best first.</summary>
    public (int Ordinal, double Score)[] Drain()
    {
        var result = new (int, double)[_count];
        for (var i = _count - 1; i >= 0; i--)
        {
            result[i] = (_ordinals[0], _scores[0]);
            _count--;
            _scores[0] = _scores[_count];
            _ordinals[0] = _ordinals[_count];
            HeapSift.Down(new Slots(this), 0, _count);
        }

        return result;
    }

    /// <summary>Whether slot a ranks worse than slot b (belongs nearer the root).</summary>
    private bool Worse(int a, int b) =>
        HitOrder.CompareScores(_scores[a], _documents.IdOf(_ordinals[a]), _scores[b], _documents.IdOf(_ordinals[b])) > 0;

    private void Swap(int a, int b)
    {
        (_scores[a], _scores[b]) = (_scores[b], _scores[a]);
        (_ordinals[a], _ordinals[b]) = (_ordinals[b], _ordinals[a]);
    }

    private readonly struct Slots(TopScoreCollector collector) : IHeapSlots
    {
        public bool Worse(int a, int b) => collector.Worse(a, b);

        public void Swap(int a, int b) => collector.Swap(a, b);
    }
}
