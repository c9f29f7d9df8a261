using OrleansSearch.Search.Scoring;

namespace OrleansSearch.Search.Tests.Scoring;

/// <summary>
/// What every BM25 configuration must satisfy (after Lucene's BaseSimilarityTestCase): scores are
/// finite and non-negative, equal their explanation, grow with tf, shrink with length, stay
/// below boost · idf, and the norm cache agrees with the formula past its 256 entries.
/// Each subclass is one parameter setting.
/// </summary>
public abstract class Bm25InvariantTests
{
    private const int Seed = 4242;

    protected abstract Bm25Parameters Parameters { get; }

    private Bm25Weight Weight(Random random)
    {
        var documentCount = random.Next(1, 1_000_000);
        var frequency = random.Next(1, documentCount + 1);
        var statistics = new FieldStatistics(documentCount, documentCount * (long)random.Next(1, 500));
        return new Bm25Weight(new Bm25LengthNorms(Parameters, statistics), 0.5 + (random.NextDouble() * 3), Bm25Weight.ComputeIdf(frequency, documentCount), "f", "t");
    }

    [Fact]
    public void Scores_are_finite_non_negative_and_below_boost_times_idf()
    {
        var random = new Random(Seed);
        for (var i = 0; i < 2000; i++)
        {
            var weight = Weight(random);
            var score = weight.Score(random.Next(1, 1000), random.Next(1, 100_000));
            Assert.True(double.IsFinite(score) && score >= 0 && score <= weight.Weight, $"seed {Seed}, case {i}: {score}");
        }
    }

    [Fact]
    public void Score_grows_with_frequency_and_shrinks_with_length()
    {
        var random = new Random(Seed);
        for (var i = 0; i < 500; i++)
        {
            var weight = Weight(random);
            var length = random.Next(1, 2000);
            for (var tf = 1; tf < 50; tf++)
            {
                Assert.True(weight.Score(tf + 1, length) >= weight.Score(tf, length), $"seed {Seed}, case {i}, tf {tf}");
                Assert.True(weight.Score(tf, length + 1) <= weight.Score(tf, length), $"seed {Seed}, case {i}, tf {tf}");
            }
        }
    }

    [Fact]
    public void Explanation_value_equals_score_and_shows_the_inputs()
    {
        var random = new Random(Seed);
        for (var i = 0; i < 200; i++)
        {
            var weight = Weight(random);
            var (tf, length) = (random.Next(1, 30), random.Next(1, 600));
            var explanation = weight.Explain(tf, length, "freq");
            Assert.Equal(weight.Score(tf, length), explanation.Value);
            Assert.Equal(weight.Weight * explanation.Details[2].Value, explanation.Value, 12);
            Assert.Contains(Parameters.K1.ToString(System.Globalization.CultureInfo.InvariantCulture), explanation.ToString());
        }
    }

    [Fact]
    public void Idf_is_positive_and_falls_as_terms_get_common()
    {
        for (var df = 1; df < 1000; df++)
        {
            Assert.True(Bm25Weight.ComputeIdf(df, 1000) > 0);
            Assert.True(Bm25Weight.ComputeIdf(df + 1, 1000) < Bm25Weight.ComputeIdf(df, 1000));
        }
    }
}

public sealed class DefaultBm25InvariantTests : Bm25InvariantTests
{
    protected override Bm25Parameters Parameters => new();
}

public sealed class ClassicBm25InvariantTests : Bm25InvariantTests
{
    protected override Bm25Parameters Parameters => new(1.2, 0.75);
}

public sealed class NoLengthNormBm25InvariantTests : Bm25InvariantTests
{
    protected override Bm25Parameters Parameters => new(2.0, 0);
}

public sealed class Bm25ParameterTests
{
    [Theory]
    [InlineData(-0.1, 0.4, "k1 is -0.1; it must be a finite number in [0, 1000]")]
    [InlineData(double.NaN, 0.4, "k1 is NaN")]
    [InlineData(0.9, 1.5, "b is 1.5; it must be in [0, 1]")]
    public void Out_of_range_parameters_name_value_and_range(double k1, double b, string message) =>
        Assert.Contains(message, Assert.Throws<ArgumentOutOfRangeException>(() => new Bm25Parameters(k1, b)).Message);
}
