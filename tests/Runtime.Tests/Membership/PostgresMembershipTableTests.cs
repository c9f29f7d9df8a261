using OrleansSearch.Runtime.Membership;
using OrleansSearch.Runtime.Tests.Infrastructure;
using OrleansSearch.Runtime.Sql;

namespace OrleansSearch.Runtime.Tests.Membership;

[Collection(PostgresCollection.Name)]
public sealed class PostgresMembershipTableTests(PostgresFixture postgres) : MembershipTableContract
{
    private readonly List<SqlMembershipTable> _opened = [];
    private string? _connectionString;

    public override async Task InitializeAsync() =>
        _connectionString = await postgres.Server.CreateSchemaAsync(PostgresServer.UniqueName("membership"));

    protected override IMembershipTable OpenTable(string clusterId)
    {
        var table = new SqlMembershipTable(SqlDialect.Postgres(_connectionString!), clusterId);
        lock (_opened)
        {
            _opened.Add(table);
        }
        return table;
    }

    public override async Task DisposeAsync()
    {
        foreach (SqlMembershipTable table in _opened)
        {
            await table.DisposeAsync();
        }
    }
}
