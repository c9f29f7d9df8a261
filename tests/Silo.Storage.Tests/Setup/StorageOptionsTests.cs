namespace OrleansSearch.Silo.Storage.Tests.Setup;

public sealed class GrainStorageOptionsTests
{
    [Fact]
    public void The_defaults_are_the_embedded_setup_and_valid()
    {
        var options = new StorageOptions();

        options.Validate();
        Assert.Equal(StorageOptions.Sqlite, options.Provider);
        Assert.Equal(StorageOptions.Memory, options.CacheProvider);
    }

    [Theory]
    [InlineData("Mongo", "Data Source=x.db", "Memory", null, "Storage:Provider is 'Mongo'")]
    [InlineData("Postgres", " ", "Memory", null, "Storage:ConnectionString is empty")]
    [InlineData("Sqlite", "Data Source=x.db", "Memcached", null, "Storage:CacheProvider is 'Memcached'")]
    [InlineData("Sqlite", "Data Source=x.db", "Redis", "", "Storage:RedisConnectionString is empty")]
    public void An_unusable_combination_names_the_option_and_its_value(string provider, string connectionString, string cacheProvider, string? redis, string expected)
    {
        var options = new StorageOptions { Provider = provider, ConnectionString = connectionString, CacheProvider = cacheProvider, RedisConnectionString = redis };

        var error = Assert.Throws<InvalidOperationException>(options.Validate);
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }
}
