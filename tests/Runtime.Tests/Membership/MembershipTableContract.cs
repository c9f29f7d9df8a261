using OrleansSearch.Runtime.Membership;

namespace OrleansSearch.Runtime.Tests.Membership;

/// <summary>
/// The contract of <see cref="IMembershipTable"/>, run against every provider. Each test gets a store
/// of its own; <see cref="OpenTable"/> opens another handle on it, as another silo (process) would.
/// </summary>
public abstract class MembershipTableContract : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>Sub-millisecond ticks and a non-UTC offset: what every provider must normalize the same way.</summary>
    private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 11, 22, 3, 4, 5, TimeSpan.FromHours(2)).AddTicks(1_234_567);

    /// <summary>A new handle on cluster <paramref name="clusterId"/> of this test's store.</summary>
    protected abstract IMembershipTable OpenTable(string clusterId);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_initialized_table_is_empty_at_version_zero()
    {
        IMembershipTable table = await InitializedAsync("c1");

        MembershipTableSnapshot snapshot = await table.ReadAllAsync(None);

        Assert.Equal(0, snapshot.Version);
        Assert.Empty(snapshot.Entries);
    }

    [Fact]
    public async Task Initializing_again_keeps_rows_and_version()
    {
        IMembershipTable first = await InitializedAsync("c1");
        Assert.True(await first.TryWriteAsync(Entry("10.0.0.1", 1000), 0, None));

        IMembershipTable second = await InitializedAsync("c1");
        await first.InitializeAsync(None);

        MembershipTableSnapshot snapshot = await second.ReadAllAsync(None);
        Assert.Equal(1, snapshot.Version);
        Assert.Single(snapshot.Entries);
    }

    [Fact]
    public async Task Silos_racing_to_initialize_a_fresh_store_all_succeed()
    {
        IMembershipTable[] tables = [.. Enumerable.Range(0, 8).Select(_ => OpenTable("c1"))];

        await Task.WhenAll(tables.Select(table => Task.Run(() => table.InitializeAsync(None))));

        foreach (IMembershipTable table in tables)
        {
            Assert.Equal(0, (await table.ReadAllAsync(None)).Version);
        }
    }

    [Fact]
    public async Task Using_a_table_before_initializing_it_is_a_clear_error()
    {
        IMembershipTable table = OpenTable("c1");

        var read = await Assert.ThrowsAsync<InvalidOperationException>(() => table.ReadAllAsync(None));
        var write = await Assert.ThrowsAsync<InvalidOperationException>(() => table.TryWriteAsync(Entry("10.0.0.1", 1000), 0, None));

        Assert.Contains("InitializeAsync", read.Message, StringComparison.Ordinal);
        Assert.Contains("InitializeAsync", write.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_write_at_the_current_version_inserts_the_row_and_bumps_the_version()
    {
        IMembershipTable table = await InitializedAsync("c1");
        MembershipEntry first = Entry("10.0.0.1", 1000);
        MembershipEntry second = Entry("10.0.0.2", 1000);

        Assert.True(await table.TryWriteAsync(first, 0, None));
        Assert.True(await table.TryWriteAsync(second, 1, None));

        MembershipTableSnapshot snapshot = await table.ReadAllAsync(None);
        Assert.Equal(2, snapshot.Version);
        Assert.Equal(2, snapshot.Entries.Count);
        AssertStored(first, snapshot.Entries[0]);
        AssertStored(second, snapshot.Entries[1]);
    }

    [Fact]
    public async Task A_write_at_a_stale_version_returns_false_and_changes_nothing()
    {
        IMembershipTable table = await InitializedAsync("c1");
        MembershipEntry joined = Entry("10.0.0.1", 1000);
        Assert.True(await table.TryWriteAsync(joined, 0, None));
        Assert.True(await table.TryWriteAsync(joined with { Status = SiloStatus.Active }, 1, None));

        bool staleUpdate = await table.TryWriteAsync(joined with { Status = SiloStatus.Dead }, 1, None);
        bool staleInsert = await table.TryWriteAsync(Entry("10.0.0.2", 1000), 0, None);
        bool future = await table.TryWriteAsync(Entry("10.0.0.3", 1000), 3, None);

        Assert.False(staleUpdate);
        Assert.False(staleInsert);
        Assert.False(future);
        MembershipTableSnapshot snapshot = await table.ReadAllAsync(None);
        Assert.Equal(2, snapshot.Version);
        AssertStored(joined with { Status = SiloStatus.Active }, Assert.Single(snapshot.Entries));
    }

    [Fact]
    public async Task Rewriting_a_row_replaces_every_column_but_the_heartbeat()
    {
        IMembershipTable table = await InitializedAsync("c1");
        MembershipEntry joined = Entry("10.0.0.1", 1000);
        Assert.True(await table.TryWriteAsync(joined, 0, None));
        DateTimeOffset heartbeat = Start.AddMinutes(5);
        await table.UpdateIAmAliveAsync(joined.Address, heartbeat, None);

        MembershipEntry declared = joined with
        {
            Name = "renamed",
            Status = SiloStatus.Dead,
            SuspectVotes = [new SuspicionVote(new SiloAddress("10.0.0.9", 1000, 7), Start.AddMinutes(4))],
            StartTime = Start.AddSeconds(1),
            IAmAliveTime = Start.AddMinutes(-10),
        };
        Assert.True(await table.TryWriteAsync(declared, 1, None));

        MembershipEntry stored = Assert.Single((await table.ReadAllAsync(None)).Entries);
        AssertStored(declared with { IAmAliveTime = heartbeat }, stored);
    }

    [Fact]
    public async Task A_heartbeat_updates_iamalive_without_bumping_the_version()
    {
        IMembershipTable table = await InitializedAsync("c1");
        MembershipEntry entry = Entry("10.0.0.1", 1000);
        Assert.True(await table.TryWriteAsync(entry, 0, None));
        DateTimeOffset heartbeat = Start.AddSeconds(3).AddTicks(9_999);

        await OpenTable("c1").UpdateIAmAliveAsync(entry.Address, heartbeat, None);

        MembershipTableSnapshot snapshot = await table.ReadAllAsync(None);
        Assert.Equal(1, snapshot.Version);
        AssertStored(entry with { IAmAliveTime = heartbeat }, Assert.Single(snapshot.Entries));
    }

    [Fact]
    public async Task A_heartbeat_for_a_silo_without_a_row_is_a_clear_error()
    {
        IMembershipTable table = await InitializedAsync("c1");
        Assert.True(await table.TryWriteAsync(Entry("10.0.0.1", 1000, generation: 1), 0, None));
        var otherGeneration = new SiloAddress("10.0.0.1", 1000, 2);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => table.UpdateIAmAliveAsync(otherGeneration, Start, None));

        Assert.Contains(otherGeneration.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Votes_times_and_statuses_round_trip_in_utc_to_the_millisecond()
    {
        IMembershipTable table = await InitializedAsync("c1");
        SuspicionVote[] votes =
        [
            new(new SiloAddress("10.0.0.2", 1001, 638_000_000_000_000_001), Start.AddMilliseconds(1.5)),
            new(new SiloAddress("fe80::1", 65535, 0), new DateTimeOffset(1969, 12, 31, 23, 59, 59, 999, TimeSpan.Zero).AddTicks(1)),
            new(new SiloAddress("silo-3.example", 0, 1), Start.AddDays(400)),
        ];
        MembershipEntry[] entries =
        [
            Entry("10.0.0.1", 1000) with { SuspectVotes = votes, Status = SiloStatus.ShuttingDown, Name = "silo \"1\" 'quoted' ☃" },
            Entry("::1", 1000, generation: long.MaxValue) with { Status = SiloStatus.Dead, IAmAliveTime = Start.AddYears(-3) },
            // The extremes: a default instant (e.g. "no heartbeat yet") and the last one.
            Entry("10.0.0.3", 1000) with { Status = SiloStatus.Active, StartTime = default, IAmAliveTime = DateTimeOffset.MaxValue },
        ];
        for (int i = 0; i < entries.Length; i++)
        {
            Assert.True(await table.TryWriteAsync(entries[i], i, None));
        }

        MembershipTableSnapshot snapshot = await OpenTable("c1").ReadAllAsync(None);

        // Ordered by host (ordinal), port, generation.
        Assert.Equal(["10.0.0.1", "10.0.0.3", "::1"], snapshot.Entries.Select(e => e.Address.Host));
        AssertStored(entries[0], snapshot.Entries[0]);
        AssertStored(entries[2], snapshot.Entries[1]);
        AssertStored(entries[1], snapshot.Entries[2]);
        Assert.All(snapshot.Entries, e => Assert.Equal(TimeSpan.Zero, e.StartTime.Offset));
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 1, 4, 5, 123, TimeSpan.Zero), snapshot.Entries[0].StartTime);
    }

    [Fact]
    public async Task Cluster_ids_sharing_a_store_are_isolated()
    {
        IMembershipTable a = await InitializedAsync("cluster-a");
        IMembershipTable b = await InitializedAsync("cluster-b");
        MembershipEntry inA = Entry("10.0.0.1", 1000);
        Assert.True(await a.TryWriteAsync(inA, 0, None));
        Assert.True(await a.TryWriteAsync(Entry("10.0.0.2", 1000), 1, None));

        MembershipTableSnapshot seenByB = await b.ReadAllAsync(None);
        Assert.Equal(0, seenByB.Version);
        Assert.Empty(seenByB.Entries);
        await Assert.ThrowsAsync<InvalidOperationException>(() => b.UpdateIAmAliveAsync(inA.Address, Start, None));

        // The same silo address in both clusters: two rows, two versions.
        Assert.True(await b.TryWriteAsync(inA with { Name = "in b" }, 0, None));
        Assert.Equal("in b", Assert.Single((await b.ReadAllAsync(None)).Entries).Name);
        MembershipTableSnapshot seenByA = await a.ReadAllAsync(None);
        Assert.Equal(2, seenByA.Version);
        Assert.Equal("silo-10.0.0.1", seenByA.Entries[0].Name);
    }

    [Fact]
    public async Task Concurrent_read_modify_writes_lose_nothing_and_the_version_counts_the_successes()
    {
        const int silos = 20;
        IMembershipTable setup = await InitializedAsync("c1");
        MembershipEntry suspect = Entry("10.0.0.254", 1000);
        Assert.True(await setup.TryWriteAsync(suspect, 0, None));
        int successes = 1;

        // Each silo, on a handle (connection) of its own, joins and then adds its vote to the one
        // shared suspect row: without the compare-and-swap, concurrent votes would overwrite each other.
        await Task.WhenAll(Enumerable.Range(0, silos).Select(i => Task.Run(async () =>
        {
            IMembershipTable table = OpenTable("c1");
            MembershipEntry self = Entry("10.0.1." + i, 2000);
            await RetryUntilWrittenAsync(table, _ => self);
            await RetryUntilWrittenAsync(table, snapshot =>
            {
                MembershipEntry current = snapshot.Entries.Single(e => e.Address == suspect.Address);
                return current with { SuspectVotes = [.. current.SuspectVotes, new SuspicionVote(self.Address, Start.AddSeconds(i))] };
            });
        })));

        MembershipTableSnapshot final = await setup.ReadAllAsync(None);
        Assert.Equal(silos + 1, final.Entries.Count);
        Assert.Equal(successes, final.Version);
        Assert.Equal(1 + 2 * silos, final.Version);
        MembershipEntry votedOn = final.Entries.Single(e => e.Address == suspect.Address);
        Assert.Equal(silos, votedOn.SuspectVotes.Select(v => v.Voter).Distinct().Count());

        async Task RetryUntilWrittenAsync(IMembershipTable table, Func<MembershipTableSnapshot, MembershipEntry> change)
        {
            while (true)
            {
                MembershipTableSnapshot snapshot = await table.ReadAllAsync(None);
                // Providers that complete synchronously would otherwise run each read and write back
                // to back; yielding lets other silos read the same version, so writes do collide.
                await Task.Yield();
                if (await table.TryWriteAsync(change(snapshot), snapshot.Version, None))
                {
                    Interlocked.Increment(ref successes);
                    return;
                }
            }
        }
    }

    [Fact]
    public async Task A_cancelled_operation_throws_and_writes_nothing()
    {
        IMembershipTable table = await InitializedAsync("c1");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => table.TryWriteAsync(Entry("10.0.0.1", 1000), 0, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => table.ReadAllAsync(cancelled.Token));

        Assert.Equal(0, (await table.ReadAllAsync(None)).Version);
    }

    [Fact]
    public async Task Bad_arguments_are_rejected_naming_the_value()
    {
        IMembershipTable table = await InitializedAsync("c1");

        var negative = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => table.TryWriteAsync(Entry("10.0.0.1", 1000), -1, None));
        var status = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => table.TryWriteAsync(Entry("10.0.0.1", 1000) with { Status = (SiloStatus)42 }, 0, None));
        var port = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => table.TryWriteAsync(Entry("10.0.0.1", 70000), 0, None));

        Assert.Equal(-1L, negative.ActualValue);
        Assert.Contains("42", status.Message, StringComparison.Ordinal);
        Assert.Contains("70000", port.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await table.ReadAllAsync(None)).Version);
    }

    private async Task<IMembershipTable> InitializedAsync(string clusterId)
    {
        IMembershipTable table = OpenTable(clusterId);
        await table.InitializeAsync(None);
        return table;
    }

    private static MembershipEntry Entry(string host, int port, long generation = 638_000_000_000_000_000) =>
        new(new SiloAddress(host, port, generation), "silo-" + host, SiloStatus.Joining, [], Start, Start.AddSeconds(2));

    /// <summary>What a provider must return for <paramref name="written"/>: the same values, times in UTC truncated to the millisecond.</summary>
    private static void AssertStored(MembershipEntry written, MembershipEntry stored)
    {
        Assert.Equal(written.Address, stored.Address);
        Assert.Equal(written.Name, stored.Name);
        Assert.Equal(written.Status, stored.Status);
        Assert.Equal(Truncated(written.StartTime), stored.StartTime);
        Assert.Equal(Truncated(written.IAmAliveTime), stored.IAmAliveTime);
        Assert.Equal(TimeSpan.Zero, stored.IAmAliveTime.Offset);
        Assert.Equal(
            written.SuspectVotes.Select(v => (v.Voter, Truncated(v.Time), TimeSpan.Zero)),
            stored.SuspectVotes.Select(v => (v.Voter, v.Time, v.Time.Offset)));
    }

    private static DateTimeOffset Truncated(DateTimeOffset time) =>
        new(time.UtcDateTime.Ticks / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
}
