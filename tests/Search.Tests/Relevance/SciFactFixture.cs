using OrleansSearch.Evaluation;
using OrleansSearch.Search.Indexing;
using OrleansSearch.Search.Analysis;
using OrleansSearch.Search.Tests.Support;

namespace OrleansSearch.Search.Tests.Relevance;

/// <summary>Loads BEIR SciFact once for the tests that need it.</summary>
public sealed class SciFactFixture
{
    private readonly Lazy<ShardIndex[]> _singleShard;

    public SciFactFixture() =>
        _singleShard = new Lazy<ShardIndex[]>(() => SciFactEvaluation.BuildShards(Dataset, Analyzers.English, 1));

    internal BeirDataset Dataset { get; } = BeirDataset.Load(TestData.SciFactDirectory);

    /// <summary>All of SciFact in one shard, analyzed with the English analyzer.</summary>
    internal ShardIndex[] SingleShard => _singleShard.Value;
}

[CollectionDefinition(Name)]
public sealed class SciFactCollection : ICollectionFixture<SciFactFixture>
{
    public const string Name = "SciFact";
}
