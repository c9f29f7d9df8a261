using OrleansSearch.Search.Vectors;

namespace OrleansSearch.Search.Tests.Vectors;

/// <summary>Bad vectors and options fail with a message naming the value and the rule.</summary>
public sealed class BadInputTests
{
    private static VectorIndex NewIndex(VectorMetric metric = VectorMetric.Cosine) =>
        VectorIndex.Create(new VectorIndexOptions { Dimension = 3, Metric = metric });

    [Fact]
    public void Wrong_dimension_is_rejected_on_add_and_search()
    {
        VectorIndex index = NewIndex();
        Assert.Contains("has 2 dimensions; this index holds 3-dimensional", Assert.Throws<ArgumentException>(() => index.Add(0, "a", [1, 2])).Message);
        index.Add(0, "a", [1, 2, 3]);
        Assert.Contains("has 4 dimensions", Assert.Throws<ArgumentException>(() => index.Search([1, 2, 3, 4], 1)).Message);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Non_finite_components_are_rejected(float bad)
    {
        VectorIndex index = NewIndex(VectorMetric.Euclidean);
        var error = Assert.Throws<ArgumentException>(() => index.Add(0, "a", [1, bad, 3]));
        Assert.Contains("component 1 is", error.Message);
        Assert.Contains("finite", error.Message);
        Assert.Throws<ArgumentException>(() => index.Search([bad, 0, 0], 1));
        Assert.Equal(0, index.Count);
    }

    [Fact]
    public void Cosine_rejects_the_zero_vector() =>
        Assert.Contains("non-zero", Assert.Throws<ArgumentException>(() => NewIndex().Add(0, "a", [0, 0, 0])).Message);

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        VectorIndex index = NewIndex();
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Search([1, 0, 0], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Add(-1, "a", [1, 0, 0]));
        Assert.Throws<ArgumentException>(() => index.Add(0, "", [1, 0, 0]));
    }

    [Theory]
    [InlineData(0, 16, 200, "Dimension is 0")]
    [InlineData(8, 1, 200, "MaxConnections is 1")]
    [InlineData(8, 16, 8, "EfConstruction is 8")]
    public void Invalid_options_name_the_option_and_rule(int dimension, int m, int efConstruction, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => VectorIndex.Create(new VectorIndexOptions { Dimension = dimension, MaxConnections = m, EfConstruction = efConstruction }));
        Assert.Contains(expected, error.Message);
        Assert.Contains("must be", error.Message);
    }
}
