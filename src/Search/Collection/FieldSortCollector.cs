using OrleansSearch.Search.Indexing;
using OrleansSearch.Search.Query;

namespace OrleansSearch.Search.Collection;

/// <summary>
/// Keeps the k first documents in the order of a number, date or keyword field (ties: id
/// ascending; missing values last), in a min-heap rooted at the worst kept hit. Scores are kept
/// for display but never prune: the order does not depend on them.
/// </summary>
internal sealed class FieldSortCollector : IHitCollector
{
    private readonly DocumentTable _documents;
    private readonly NumericFieldIndex? _numbers;
    private readonly KeywordFieldIndex? _keywords;
    private readonly SortOrder _order;
    private readonly int _capacity;
    private readonly int[] _ordinals;
    private readonly double[] _scores;
    private readonly double[] _numberKeys;
    private readonly string?[] _keywordKeys;
    private readonly bool _hasAfter;
    private readonly SortValue _after;
    private readonly string _afterId;
    private int _count;

    public FieldSortCollector(int capacity, DocumentTable documents, NumericFieldIndex? numbers, KeywordFieldIndex? keywords, SortOrder order, SortValue? after, string? afterId)
    {
        _capacity = capacity;
        _documents = documents;
        _numbers = numbers;
        _keywords = keywords;
        _order = order;
        var size = Math.Max(capacity, 1);
        _ordinals = new int[size];
        _scores = new double[size];
        _numberKeys = new double[size];
        _keywordKeys = new string?[size];
        _hasAfter = after.HasValue;
        _after = after ?? default;
        _afterId = afterId ?? string.Empty;
    }

    public double MinCompetitiveScore => double.NegativeInfinity;

    /// <summary>The value document <paramref name="ordinal"/> sorts by.</summary>
    public SortValue SortValueOf(int ordinal)
    {
        if (_numbers is not null)
        {
            var number = _numbers.ValueOf(ordinal);
            return new SortValue(double.IsNaN(number) ? null : number, null);
        }

        string? chosen = null;
        foreach (var valueOrdinal in _keywords!.ValuesOf(ordinal))
        {
            var value = _keywords.ValueOf(valueOrdinal);
            if (chosen is null || (string.CompareOrdinal(value, chosen) < 0) == (_order == SortOrder.Ascending))
            {
                chosen = value;
            }
        }

        return new SortValue(null, chosen);
    }

    public void Collect(int ordinal, double score)
    {
        if (_capacity == 0)
        {
            return;
        }

        var value = SortValueOf(ordinal);
        var number = value.Number ?? double.NaN;
        var id = _documents.IdOf(ordinal);
        if (_hasAfter && Compare(number, value.Keyword, id, _after.Number ?? double.NaN, _after.Keyword, _afterId) <= 0)
        {
            return;
        }

        int slot;
        if (_count < _capacity)
        {
            slot = _count++;
        }
        else
        {
            if (Compare(number, value.Keyword, id, _numberKeys[0], _keywordKeys[0], _documents.IdOf(_ordinals[0])) >= 0)
            {
                return;
            }

            slot = 0;
        }

        _ordinals[slot] = ordinal;
        _scores[slot] = score;
        _numberKeys[slot] = number;
        _keywordKeys[slot] = value.Keyword;
        if (slot == 0 && _count == _capacity && _count > 1)
        {
            HeapSift.Down(new Slots(this), 0, _count);
        }
        else
        {
            HeapSift.Up(new Slots(this), slot);
        }
    }

    /// <summary>The kept hits, first first.</summary>
    public (int Ordinal, double Score, SortValue Value)[] Drain()
    {
        var result = new (int, double, SortValue)[_count];
        for (var i = _count - 1; i >= 0; i--)
        {
            result[i] = (_ordinals[0], _scores[0], ToSortValue(0));
            _count--;
            Move(_count, 0);
            HeapSift.Down(new Slots(this), 0, _count);
        }

        return result;
    }

    private SortValue ToSortValue(int slot) =>
        _numbers is not null
            ? new SortValue(double.IsNaN(_numberKeys[slot]) ? null : _numberKeys[slot], null)
            : new SortValue(null, _keywordKeys[slot]);

    private int Compare(double numberA, string? keywordA, string idA, double numberB, string? keywordB, string idB) =>
        _numbers is not null
            ? HitOrder.CompareNumbers(numberA, idA, numberB, idB, _order)
            : HitOrder.CompareKeywords(keywordA, idA, keywordB, idB, _order);

    private bool Worse(int a, int b) =>
        Compare(_numberKeys[a], _keywordKeys[a], _documents.IdOf(_ordinals[a]), _numberKeys[b], _keywordKeys[b], _documents.IdOf(_ordinals[b])) > 0;

    private void Move(int from, int to)
    {
        _ordinals[to] = _ordinals[from];
        _scores[to] = _scores[from];
        _numberKeys[to] = _numberKeys[from];
        _keywordKeys[to] = _keywordKeys[from];
    }

    private void Swap(int a, int b)
    {
        (_ordinals[a], _ordinals[b]) = (_ordinals[b], _ordinals[a]);
        (_scores[a], _scores[b]) = (_scores[b], _scores[a]);
        (_numberKeys[a], _numberKeys[b]) = (_numberKeys[b], _numberKeys[a]);
        (_keywordKeys[a], _keywordKeys[b]) = (_keywordKeys[b], _keywordKeys[a]);
    }

    private readonly struct Slots(FieldSortCollector collector) : IHeapSlots
    {
        public bool Worse(int a, int b) => collector.Worse(a, b);

        public void Swap(int a, int b) => collector.Swap(a, b);
    }
}
