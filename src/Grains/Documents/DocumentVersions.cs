using System.Text;

namespace OrleansSearch.Grains.Documents;

/// <summary>
/// The version of every document id a shard has seen, deleted ones included (so a document created
/// again continues its version sequence and if_version checks stay meaningful). Saved as a snapshot
/// section beside the index.
/// </summary>
internal sealed class DocumentVersions
{
    public const string SnapshotSection = "versions";
    private const byte FormatVersion = 1;

    private readonly Dictionary<string, (long Version, bool Deleted)> _versions = new(StringComparer.Ordinal);

    /// <summary>The current version of a live document, 0 when it does not exist (never written, or deleted).</summary>
    public long LiveVersion(string id) => _versions.TryGetValue(id, out var entry) && !entry.Deleted ? entry.Version : 0;

    /// <summary>The version the next write of <paramref name="id"/> gets.</summary>
    public long NextVersion(string id) => (_versions.TryGetValue(id, out var entry) ? entry.Version : 0) + 1;

    public void Set(string id, long version, bool deleted) => _versions[id] = (version, deleted);

    public byte[] Serialize()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(FormatVersion);
            writer.Write(_versions.Count);
            foreach (var (id, (version, deleted)) in _versions)
            {
                writer.Write(id);
                writer.Write(version);
                writer.Write(deleted);
            }
        }
        return stream.ToArray();
    }

    public static DocumentVersions Deserialize(ReadOnlyMemory<byte> payload)
    {
        var versions = new DocumentVersions();
        using var stream = new MemoryStream(payload.ToArray());
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        byte format = reader.ReadByte();
        if (format != FormatVersion)
        {
            throw new InvalidDataException($"Snapshot section '{SnapshotSection}' has format {format}; this build reads {FormatVersion}.");
        }
        int count = reader.ReadInt32();
        for (int i = 0; i < count; i++)
        {
            versions._versions[reader.ReadString()] = (reader.ReadInt64(), reader.ReadBoolean());
        }
        return versions;
    }
}
