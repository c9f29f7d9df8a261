using OrleansSearch.Runtime.Membership;

namespace OrleansSearch.Runtime.Tests.Membership;

public sealed class MemoryMembershipTableTests : MembershipTableContract
{
    // One instance per cluster, shared by every silo of it, as in an in-process cluster.
    private readonly Dictionary<string, MemoryMembershipTable> _clusters = [];

    protected override IMembershipTable OpenTable(string clusterId)
    {
        lock (_clusters)
        {
            if (!_clusters.TryGetValue(clusterId, out MemoryMembershipTable? table))
            {
                _clusters[clusterId] = table = new MemoryMembershipTable();
            }
            return table;
        }
    }
}
