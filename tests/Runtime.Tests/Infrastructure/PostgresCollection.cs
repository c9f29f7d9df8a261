using OrleansSearch.Tests.Support;

namespace OrleansSearch.Runtime.Tests.Infrastructure;

/// <summary>One PostgreSQL server for the whole test assembly: put test classes that need it in this collection.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}
