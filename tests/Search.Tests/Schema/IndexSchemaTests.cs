using OrleansSearch.Search.Schema;
using OrleansSearch.Search.Tests.Support;

namespace OrleansSearch.Search.Tests.Schema;

public sealed class IndexSchemaTests
{
    private static readonly IndexSchema Schema = new(
    [
        FieldDefinition.Text("title", LetterDigitAnalyzer.Instance),
        FieldDefinition.Keyword("tag"),
        FieldDefinition.Number("year"),
        FieldDefinition.Date("published"),
        FieldDefinition.Vector("embedding", 3, VectorMetric.DotProduct),
    ]);

    [Fact]
    public void A_document_of_declared_fields_and_types_is_valid() =>
        Schema.Validate(new SearchDocument("1").Text("title", "x").Keyword("tag", "a", "b").Number("year", 2020)
            .Date("published", DateTimeOffset.UnixEpoch).Vector("embedding", [1f, 2f, 3f]));

    [Fact]
    public void Unknown_field_is_named_with_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => Schema.Validate(new SearchDocument("1").Text("body", "x")));
        Assert.Contains("unknown field 'body'", error.Message);
        Assert.Contains("title, tag, year, published, embedding", error.Message);
    }

    [Fact]
    public void Wrong_type_names_both_types()
    {
        var error = Assert.Throws<ArgumentException>(() => Schema.Validate(new SearchDocument("1").Number("title", 3)));
        Assert.Contains("field 'title' a Number value, but the field is declared as Text", error.Message);
    }

    [Fact]
    public void Wrong_vector_dimension_names_given_and_declared_dimension()
    {
        var error = Assert.Throws<ArgumentException>(() => Schema.Validate(new SearchDocument("1").Vector("embedding", [1f, 2f])));
        Assert.Contains("2 components; the field is declared with dimension 3", error.Message);
    }

    [Fact]
    public void Non_finite_numbers_and_vector_components_are_rejected()
    {
        Assert.Contains("must be finite", Assert.Throws<ArgumentException>(() => Schema.Validate(new SearchDocument("1").Number("year", double.NaN))).Message);
        Assert.Contains("component [1] = ", Assert.Throws<ArgumentException>(() => Schema.Validate(new SearchDocument("1").Vector("embedding", [1f, float.PositiveInfinity, 0f]))).Message);
    }

    [Fact]
    public void A_cosine_vector_must_not_be_zero()
    {
        var schema = new IndexSchema([FieldDefinition.Text("t", LetterDigitAnalyzer.Instance), FieldDefinition.Vector("v", 2)]);
        Assert.Contains("zero vector", Assert.Throws<ArgumentException>(() => schema.Validate(new SearchDocument("1").Vector("v", [0f, 0f]))).Message);
        Schema.Validate(new SearchDocument("1").Vector("embedding", [0f, 0f, 0f])); // dot product: allowed
    }

    [Fact]
    public void Schema_rules_are_checked_when_declared()
    {
        Assert.Contains("declared twice", Assert.Throws<ArgumentException>(() => new IndexSchema([FieldDefinition.Keyword("a"), FieldDefinition.Keyword("a")])).Message);
        Assert.Contains("at least one text field", Assert.Throws<ArgumentException>(() => new IndexSchema([FieldDefinition.Keyword("a")])).Message);
        Assert.Contains("Boost of field 't' is 0", Assert.Throws<ArgumentOutOfRangeException>(() => FieldDefinition.Text("t", LetterDigitAnalyzer.Instance, boost: 0)).Message);
        Assert.Contains("contains ':'", Assert.Throws<ArgumentException>(() => FieldDefinition.Keyword("a:b")).Message);
        Assert.Contains("Dimension of vector field 'v' is 0", Assert.Throws<ArgumentOutOfRangeException>(() => FieldDefinition.Vector("v", 0)).Message);
        Assert.Throws<ArgumentException>(() => new SearchDocument(string.Empty));
    }
}
