namespace OrleansSearch.Grains.Tests.Support;

/// <summary>One PostgreSQL server for this assembly's tests that need it.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}
