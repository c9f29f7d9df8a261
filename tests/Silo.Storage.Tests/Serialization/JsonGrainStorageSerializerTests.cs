using System.Text;
using OrleansSearch.Silo.Storage.Tests.Support;

namespace OrleansSearch.Silo.Storage.Tests.Serialization;

public sealed class JsonGrainStorageSerializerTests
{
    private readonly JsonGrainStorageSerializer _serializer = new();

    [Fact]
    public void A_class_with_a_sorted_set_a_get_only_list_and_a_nested_record_round_trips()
    {
        var state = new CatalogTestState
        {
            Names = new SortedSet<string>(["b", "a", "Ä"], StringComparer.Ordinal),
            Latest = new IndexTestSpec("docs", ["title", "body"], [2, 7], new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.FromHours(-5)), IndexTestKind.Vector),
            Revision = 12,
        };
        state.Owners.AddRange(["ops", "search"]);

        CatalogTestState? read = _serializer.Deserialize<CatalogTestState>(_serializer.Serialize(state));

        Assert.NotNull(read);
        Assert.Equal(["a", "b", "Ä"], read.Names);
        Assert.Equal(["ops", "search"], read.Owners);
        Assert.Equal(12, read.Revision);
        Assert.True(state.Latest.Matches(read.Latest), $"nested record differs: {read.Latest}");
    }

    [Fact]
    public void Stored_json_names_no_clr_type_so_a_renamed_class_still_reads()
    {
        BinaryData stored = _serializer.Serialize(new CatalogTestState { Revision = 5, Names = ["x"] });
        string json = Encoding.UTF8.GetString(stored.ToArray());

        Assert.DoesNotContain("$type", json, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(CatalogTestState), json, StringComparison.Ordinal);
        RenamedCatalogState? renamed = _serializer.Deserialize<RenamedCatalogState>(stored);
        Assert.Equal(5, renamed?.Revision);
        Assert.Equal(["x"], renamed?.Names);
    }

    [Fact]
    public void Enums_are_stored_by_name_and_unknown_properties_are_skipped()
    {
        BinaryData stored = _serializer.Serialize(new IndexTestSpec("n", [], [], DateTimeOffset.UnixEpoch, IndexTestKind.Hybrid));
        Assert.Contains("\"Hybrid\"", Encoding.UTF8.GetString(stored.ToArray()), StringComparison.Ordinal);

        var withRemovedProperty = BinaryData.FromString("""{"Revision":3,"Dropped":{"a":1},"Names":["k"]}""");
        CatalogTestState? read = _serializer.Deserialize<CatalogTestState>(withRemovedProperty);
        Assert.Equal(3, read?.Revision);
        Assert.Equal(["k"], read?.Names);
    }

    /// <summary>The same shape as <see cref="CatalogTestState"/> under another name: what a rename leaves behind.</summary>
    private sealed class RenamedCatalogState
    {
        public int Revision { get; set; }

        public SortedSet<string> Names { get; set; } = [];
    }
}
