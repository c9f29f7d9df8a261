using System.Runtime.InteropServices;
using System.Text;

namespace OrleansSearch.Search.Vectors;

/// <summary>
/// Binary form of a <see cref="VectorIndex"/>, little-endian:
/// <code>
/// "OSVI" · version:u8 = 1
/// metric:u8 · kind:u8 · dimension · M · efConstruction · efSearch · exactThreshold · graphCostPerEf (i32 each)
/// compactionThreshold:f64 · seed:u64
/// slotCount:i32 · per slot: ordinal:i32, deleted:u8, id (7-bit length-prefixed UTF-8)
/// vectors: slotCount × dimension f32, slot after slot
/// hasGraph:u8 · [levelGeneratorState:u64 · entryPoint:i32 · maxLevel:i32 · per slot level:u8 ·
///   per slot, per level 0..level: count:i32 then count neighbour slots:i32]
/// "OSVE"
/// </code>
/// Deleted slots are kept because the graph still routes through them. The trailing marker catches a
/// section cut exactly at a boundary, which the end-of-stream check alone would miss.
/// </summary>
internal static class VectorIndexSerializer
{
    public const byte CurrentVersion = 1;
    private const uint HeaderMagic = 0x4956534F; // "OSVI"
    private const uint TrailerMagic = 0x4556534F; // "OSVE"

    public static void Write(VectorIndex index, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        VectorIndexOptions options = index.Options;
        VectorStore store = index.Store;
        writer.Write(HeaderMagic);
        writer.Write(CurrentVersion);
        writer.Write((byte)options.Metric);
        writer.Write((byte)options.Kind);
        writer.Write(options.Dimension);
        writer.Write(options.MaxConnections);
        writer.Write(options.EfConstruction);
        writer.Write(options.EfSearch);
        writer.Write(options.ExactSearchThreshold);
        writer.Write(options.GraphCostPerEf);
        writer.Write(options.CompactionThreshold);
        writer.Write(options.Seed);

        writer.Write(store.SlotCount);
        for (int slot = 0; slot < store.SlotCount; slot++)
        {
            writer.Write(store.Ordinal(slot));
            writer.Write(store.IsDeleted(slot));
            writer.Write(store.Id(slot));
        }

        writer.Write(MemoryMarshal.AsBytes(store.RawVectors.AsSpan(0, store.SlotCount * store.Dimension)));
        index.WriteGraph(writer);
        writer.Write(TrailerMagic);
    }

    public static VectorIndex Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        string section = "header";
        try
        {
            if (reader.ReadUInt32() != HeaderMagic)
            {
                throw new InvalidDataException("The stream does not hold a vector index: the 'OSVI' magic number is missing.");
            }

            byte version = reader.ReadByte();
            if (version != CurrentVersion)
            {
                throw new InvalidDataException($"Vector index format version {version} is not supported; this build reads version {CurrentVersion}.");
            }

            var options = new VectorIndexOptions
            {
                Metric = (VectorMetric)reader.ReadByte(),
                Kind = (VectorIndexKind)reader.ReadByte(),
                Dimension = reader.ReadInt32(),
                MaxConnections = reader.ReadInt32(),
                EfConstruction = reader.ReadInt32(),
                EfSearch = reader.ReadInt32(),
                ExactSearchThreshold = reader.ReadInt32(),
                GraphCostPerEf = reader.ReadInt32(),
                CompactionThreshold = reader.ReadDouble(),
                Seed = reader.ReadUInt64(),
            };
            VectorIndex index;
            try
            {
                index = VectorIndex.Create(options);
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"The vector index header holds invalid options: {e.Message}", e);
            }

            section = "documents";
            int slotCount = reader.ReadInt32();
            CheckRange(slotCount, 0, int.MaxValue / options.Dimension, "slot count");
            int[] ordinals = new int[slotCount];
            bool[] deleted = new bool[slotCount];
            string[] ids = new string[slotCount];
            for (int slot = 0; slot < slotCount; slot++)
            {
                ordinals[slot] = reader.ReadInt32();
                deleted[slot] = reader.ReadBoolean();
                ids[slot] = reader.ReadString();
            }

            section = "vectors";
            float[] vector = new float[options.Dimension];
            VectorStore store = index.Store;
            for (int slot = 0; slot < slotCount; slot++)
            {
                reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(vector.AsSpan()));
                store.Append(ordinals[slot], ids[slot], vector, deleted[slot]);
            }

            section = "graph";
            index.ReadGraph(reader);
            if (reader.ReadUInt32() != TrailerMagic)
            {
                throw new InvalidDataException("The vector index is corrupt: its end marker 'OSVE' is missing after the graph.");
            }

            return index;
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"The vector index is truncated: the stream ended while reading its {section}.", e);
        }
    }

    public static void WriteGraph<TDistance>(HnswGraph<TDistance>? graph, int slotCount, BinaryWriter writer)
        where TDistance : struct, IVectorDistance
    {
        writer.Write(graph is not null);
        if (graph is null)
        {
            return;
        }

        writer.Write(graph.LevelGeneratorState);
        writer.Write(graph.EntryPoint);
        writer.Write(graph.MaxLevel);
        for (int node = 0; node < slotCount; node++)
        {
            writer.Write((byte)graph.Level(node));
        }

        for (int node = 0; node < slotCount; node++)
        {
            for (int level = 0; level <= graph.Level(node); level++)
            {
                ReadOnlySpan<int> links = graph.Links(node, level);
                writer.Write(MemoryMarshal.AsBytes(links[..(links[0] + 1)]));
            }
        }
    }

    public static void ReadGraph<TDistance>(HnswGraph<TDistance>? graph, int slotCount, BinaryReader reader)
        where TDistance : struct, IVectorDistance
    {
        bool hasGraph = reader.ReadBoolean();
        if (hasGraph != graph is not null)
        {
            throw new InvalidDataException($"The vector index is corrupt: its kind is {(graph is null ? "Flat" : "HNSW")} but it {(hasGraph ? "holds" : "lacks")} a graph.");
        }

        if (graph is null)
        {
            return;
        }

        ulong generatorState = reader.ReadUInt64();
        int entryPoint = reader.ReadInt32();
        int maxLevel = reader.ReadInt32();
        CheckRange(entryPoint, slotCount == 0 ? -1 : 0, slotCount - 1, "graph entry point");
        byte[] levels = reader.ReadBytes(slotCount);
        if (levels.Length < slotCount)
        {
            throw new EndOfStreamException();
        }

        graph.Restore(slotCount, entryPoint, maxLevel, generatorState, node => levels[node], (node, level, links) =>
        {
            int count = reader.ReadInt32();
            CheckRange(count, 0, links.Length - 1, "neighbour count");
            links[0] = count;
            for (int i = 1; i <= count; i++)
            {
                int neighbour = reader.ReadInt32();
                CheckRange(neighbour, 0, slotCount - 1, "neighbour slot");
                links[i] = neighbour;
            }
        });
    }

    private static void CheckRange(int value, int min, int max, string what)
    {
        if (value < min || value > max)
        {
            throw new InvalidDataException($"The vector index is corrupt: {what} {value} is outside [{min}, {max}].");
        }
    }
}
