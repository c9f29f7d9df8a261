using System.Buffers.Binary;
using OrleansSearch.Runtime.Storage;

namespace OrleansSearch.Runtime.Tests.Storage;

/// <summary>
/// The contract of <see cref="IGrainStorage"/>, run against every provider. Each test gets a store of
/// its own; <see cref="OpenStorage"/> opens another handle on it, as another silo (process) would.
/// </summary>
public abstract class GrainStorageContract : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly GrainStateKey Key = new("counter", "grain-1", "state");

    /// <summary>A new handle on this test's store.</summary>
    protected abstract IGrainStorage OpenStorage();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_state_never_written_reads_as_no_payload_at_version_zero()
    {
        StoredState state = await OpenStorage().ReadAsync(Key, None);

        Assert.Null(state.Payload);
        Assert.Equal(0, state.Version);
    }

    [Fact]
    public async Task Writes_round_trip_and_each_bumps_the_version_by_one()
    {
        IGrainStorage storage = OpenStorage();

        long first = await storage.WriteAsync(Key, Bytes("one"), 0, None);
        long second = await storage.WriteAsync(Key, Bytes("two"), first, None);
        long empty = await storage.WriteAsync(Key, ReadOnlyMemory<byte>.Empty, second, None);
        StoredState emptyState = await OpenStorage().ReadAsync(Key, None);
        long third = await storage.WriteAsync(Key, Bytes("three").AsMemory(1, 3), empty, None);

        Assert.Equal([1L, 2L, 3L, 4L], [first, second, empty, third]);
        Assert.Equal(Array.Empty<byte>(), emptyState.Payload);
        AssertState(await OpenStorage().ReadAsync(Key, None), "hre", 4);
    }

    [Fact]
    public async Task A_write_with_a_stale_version_throws_naming_key_and_versions_and_changes_nothing()
    {
        IGrainStorage storage = OpenStorage();
        long version = await storage.WriteAsync(Key, Bytes("one"), 0, None);
        await OpenStorage().WriteAsync(Key, Bytes("newer"), version, None);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(Key, Bytes("stale"), version, None));

        Assert.Equal(Key, conflict.Key);
        Assert.Equal(1, conflict.ExpectedVersion);
        Assert.Equal(2, conflict.ActualVersion);
        Assert.Contains(Key.ToString(), conflict.Message, StringComparison.Ordinal);
        Assert.Contains("expected version 1, found 2", conflict.Message, StringComparison.Ordinal);
        AssertState(await storage.ReadAsync(Key, None), "newer", 2);
    }

    [Fact]
    public async Task An_insert_when_the_row_exists_is_a_conflict()
    {
        IGrainStorage storage = OpenStorage();
        await storage.WriteAsync(Key, Bytes("first"), 0, None);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => OpenStorage().WriteAsync(Key, Bytes("second"), 0, None));

        Assert.Equal(0, conflict.ExpectedVersion);
        Assert.Equal(1, conflict.ActualVersion);
        AssertState(await storage.ReadAsync(Key, None), "first", 1);
    }

    [Fact]
    public async Task A_write_expecting_a_row_that_does_not_exist_is_a_conflict_with_no_actual_version()
    {
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => OpenStorage().WriteAsync(Key, Bytes("x"), 3, None));

        Assert.Null(conflict.ActualVersion);
        Assert.Contains("no row", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(new StoredState(null, 0), await OpenStorage().ReadAsync(Key, None));
    }

    [Fact]
    public async Task Clearing_leaves_a_tombstone_with_a_higher_version_that_the_next_write_builds_on()
    {
        IGrainStorage storage = OpenStorage();
        long written = await storage.WriteAsync(Key, Bytes("one"), 0, None);

        long cleared = await storage.ClearAsync(Key, written, None);
        StoredState tombstone = await OpenStorage().ReadAsync(Key, None);
        long rewritten = await storage.WriteAsync(Key, Bytes("again"), cleared, None);

        Assert.Equal(2, cleared);
        Assert.Equal(new StoredState(null, 2), tombstone);
        Assert.Equal(3, rewritten);
        AssertState(await storage.ReadAsync(Key, None), "again", 3);
    }

    [Fact]
    public async Task A_write_or_clear_with_the_version_from_before_a_clear_fails()
    {
        IGrainStorage storage = OpenStorage();
        long beforeClear = await storage.WriteAsync(Key, Bytes("one"), 0, None);
        await OpenStorage().ClearAsync(Key, beforeClear, None);

        var write = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(Key, Bytes("stale"), beforeClear, None));
        var clear = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearAsync(Key, beforeClear, None));
        var insert = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(Key, Bytes("stale"), 0, None));

        Assert.All([write, clear, insert], conflict => Assert.Equal(2, conflict.ActualVersion));
        Assert.Equal(new StoredState(null, 2), await storage.ReadAsync(Key, None));
    }

    [Fact]
    public async Task Clearing_a_state_never_written_expecting_version_zero_is_a_no_op()
    {
        IGrainStorage storage = OpenStorage();

        long version = await storage.ClearAsync(Key, 0, None);
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearAsync(Key, 4, None));

        Assert.Equal(0, version);
        Assert.Null(conflict.ActualVersion);
        Assert.Equal(new StoredState(null, 0), await storage.ReadAsync(Key, None));
        Assert.Equal(1, await storage.WriteAsync(Key, Bytes("first"), 0, None));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearAsync(Key, 0, None));
    }

    [Fact]
    public async Task Concurrent_read_increment_write_retries_lose_no_update()
    {
        const int writers = 8;
        const int incrementsEach = 10;

        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            IGrainStorage storage = OpenStorage();
            for (int done = 0; done < incrementsEach;)
            {
                StoredState state = await storage.ReadAsync(Key, None);
                // Providers that complete synchronously would otherwise run each read and write back
                // to back; yielding lets other writers read the same version, so writes do collide.
                await Task.Yield();
                long counter = state.Payload is null ? 0 : BinaryPrimitives.ReadInt64LittleEndian(state.Payload);
                var next = new byte[sizeof(long)];
                BinaryPrimitives.WriteInt64LittleEndian(next, counter + 1);
                try
                {
                    await storage.WriteAsync(Key, next, state.Version, None);
                    done++;
                }
                catch (InconsistentStateException)
                {
                    // Another writer got there first: re-read and retry.
                }
            }
        })));

        StoredState final = await OpenStorage().ReadAsync(Key, None);
        Assert.Equal(writers * incrementsEach, BinaryPrimitives.ReadInt64LittleEndian(final.Payload));
        Assert.Equal(writers * incrementsEach, final.Version);
    }

    [Fact]
    public async Task A_one_megabyte_payload_round_trips()
    {
        // Fixed seed: the payload is the same on every run.
        var payload = new byte[1024 * 1024];
        new Random(20261122).NextBytes(payload);
        IGrainStorage storage = OpenStorage();

        long version = await storage.WriteAsync(Key, payload, 0, None);
        StoredState state = await OpenStorage().ReadAsync(Key, None);

        Assert.Equal(1, version);
        Assert.True(payload.AsSpan().SequenceEqual(state.Payload));
    }

    [Fact]
    public async Task Keys_with_quotes_unicode_and_sql_are_stored_as_data()
    {
        GrainStateKey[] keys =
        [
            new("type'; DROP TABLE grain_state; --", "key\"with\"quotes", "state"),
            new("counter", "日本語 🙂 ü\\n", "état"),
            new("counter", "", "state"),
            new("a", "b/c", "d"),
            new("a/b", "c", "d"),
            new("a", "b", "c/d"),
            new("COUNTER", "grain-1", "state"),
        ];
        IGrainStorage storage = OpenStorage();
        foreach (GrainStateKey key in keys)
        {
            await storage.WriteAsync(key, Bytes(key.GrainType + "|" + key.GrainKey + "|" + key.StateName), 0, None);
        }

        IGrainStorage reader = OpenStorage();
        foreach (GrainStateKey key in keys)
        {
            AssertState(await reader.ReadAsync(key, None), key.GrainType + "|" + key.GrainKey + "|" + key.StateName, 1);
        }
        Assert.Equal(new StoredState(null, 0), await reader.ReadAsync(Key, None));
    }

    [Fact]
    public async Task The_stored_payload_is_a_copy_of_the_callers_buffer()
    {
        IGrainStorage storage = OpenStorage();
        byte[] buffer = Bytes("original");
        await storage.WriteAsync(Key, buffer, 0, None);
        buffer[0] = (byte)'X';

        StoredState read = await storage.ReadAsync(Key, None);
        read.Payload![1] = (byte)'Y';

        AssertState(await storage.ReadAsync(Key, None), "original", 1);
    }

    [Fact]
    public async Task Bad_arguments_are_rejected_naming_the_value()
    {
        IGrainStorage storage = OpenStorage();

        var version = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => storage.WriteAsync(Key, Bytes("x"), -1, None));
        var type = await Assert.ThrowsAsync<ArgumentException>(() => storage.ReadAsync(new GrainStateKey("", "k", "s"), None));
        var key = await Assert.ThrowsAsync<ArgumentException>(() => storage.ClearAsync(new GrainStateKey("t", null!, "s"), 0, None));

        Assert.Equal(-1L, version.ActualValue);
        Assert.Contains("grain type", type.Message, StringComparison.Ordinal);
        Assert.Contains("null grain key", key.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_operation_throws_and_writes_nothing()
    {
        IGrainStorage storage = OpenStorage();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => storage.WriteAsync(Key, Bytes("x"), 0, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => storage.ReadAsync(Key, cancelled.Token));

        Assert.Equal(new StoredState(null, 0), await storage.ReadAsync(Key, None));
    }

    private static byte[] Bytes(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    private static void AssertState(StoredState state, string payload, long version)
    {
        Assert.NotNull(state.Payload);
        Assert.Equal(payload, System.Text.Encoding.UTF8.GetString(state.Payload));
        Assert.Equal(version, state.Version);
    }
}
