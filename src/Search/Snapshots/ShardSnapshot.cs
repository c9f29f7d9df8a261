using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using OrleansSearch.Search.Indexing;
using OrleansSearch.Search.Postings;
using OrleansSearch.Search.Schema;
using OrleansSearch.Search.Vectors;

namespace OrleansSearch.Search.Snapshots;

/// <summary>
/// Writes and loads a whole shard as one binary snapshot, so a shard grain restarts from it
/// instead of re-analyzing every document.
/// </summary>
/// <remarks>
/// Format version 1, all integers little-endian:
/// <code>
/// "OSSHARD\n"  magic (8 bytes)
/// u32          format version (1)
/// u32          section count
/// u64          byte length of the sections that follow
/// sections     u32 name length, UTF-8 name, u64 payload length, payload
/// u32          CRC-32 (IEEE) of every byte before it
/// </code>
/// Sections: "schema", "documents", then "text:&lt;field&gt;", "keyword:&lt;field&gt;" and
/// "numeric:&lt;field&gt;" per field, "vector:&lt;field&gt;" per vector field, then any extra sections.
/// Arrays are an i32 count and the raw elements; strings an i32 UTF-8 byte count (-1 = null) and the bytes.
/// A text section holds the field's totals, lengths and stored text, a term table (term, posting
/// count, position byte count) and then all postings of the field as four concatenated arrays
/// (ordinals, frequencies, term-relative position starts, position bytes), so a load is a few
/// large copies; block-max metadata is recomputed while loading.
/// A reader checks length and checksum before it parses anything and builds a new shard, so a
/// corrupt or truncated snapshot is reported and never half-loaded. Terms are written in ordinal
/// order so equal shards give byte-identical snapshots.
/// </remarks>
public static class ShardSnapshot
{
    /// <summary>The format this code writes and reads.</summary>
    public const int FormatVersion = 1;

    private const int HeaderLength = 24;
    private const int TrailerLength = 4;
    private static readonly byte[] Magic = "OSSHARD\n"u8.ToArray();

    /// <summary>Writes <paramref name="index"/> and the <paramref name="extraSections"/> to <paramref name="destination"/>.</summary>
    public static void Write(Stream destination, ShardIndex index, IEnumerable<SnapshotSection>? extraSections = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(index);
        EnsureLittleEndian();
        var sections = new List<(string Name, ReadOnlyMemory<byte> Payload)>
        {
            (SnapshotSectionNames.Schema, WriteSchema(index.Schema)),
            (SnapshotSectionNames.Documents, WriteDocuments(index.Documents)),
        };
        var count = index.Documents.Count;
        for (var i = 0; i < index.Schema.Fields.Count; i++)
        {
            var field = index.Schema.Fields[i];
            if (index.TextFields[i] is { } text)
            {
                sections.Add((SnapshotSectionNames.TextPrefix + field.Name, WriteText(text, count)));
            }
            else if (index.KeywordFields[i] is { } keyword)
            {
                sections.Add((SnapshotSectionNames.KeywordPrefix + field.Name, WriteKeyword(keyword)));
            }
            else if (index.NumericFields[i] is { } numeric)
            {
                sections.Add((SnapshotSectionNames.NumericPrefix + field.Name, WriteNumeric(numeric)));
            }
            else if (index.VectorFields[i] is { } vectors)
            {
                sections.Add((SnapshotSectionNames.VectorPrefix + field.Name, WriteVectors(vectors)));
            }
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, _) in sections)
        {
            names.Add(name);
        }

        foreach (var extra in extraSections ?? [])
        {
            if (SnapshotSectionNames.IsIndexSection(extra.Name) || !names.Add(extra.Name))
            {
                throw new ArgumentException($"Extra snapshot section '{extra.Name}' clashes with a section the snapshot already has; pick another name.", nameof(extraSections));
            }

            sections.Add((extra.Name, extra.Payload));
        }

        var body = new SnapshotWriter(1 << 16);
        foreach (var (name, payload) in sections)
        {
            body.WriteString(name);
            body.WriteInt64(payload.Length);
            body.WriteBytes(payload.Span);
        }

        Span<byte> header = stackalloc byte[HeaderLength];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], FormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], sections.Count);
        BinaryPrimitives.WriteInt64LittleEndian(header[16..], body.WrittenSpan.Length);
        var crc = Crc32.Compute(body.WrittenSpan, Crc32.Compute(header));
        Span<byte> trailer = stackalloc byte[TrailerLength];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, crc);
        destination.Write(header);
        destination.Write(body.WrittenSpan);
        destination.Write(trailer);
    }

    /// <summary>Reads a snapshot from <paramref name="source"/> (to its end).</summary>
    /// <exception cref="SnapshotException">The snapshot is corrupt, truncated, of another version or schema.</exception>
    public static LoadedShard Read(Stream source, IndexSchema schema, SearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var buffer = new MemoryStream();
        source.CopyTo(buffer);
        return Read(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), schema, options);
    }

    /// <summary>Reads a snapshot held in memory.</summary>
    /// <exception cref="SnapshotException">The snapshot is corrupt, truncated, of another version or schema.</exception>
    public static LoadedShard Read(ReadOnlyMemory<byte> snapshot, IndexSchema schema, SearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        EnsureLittleEndian();
        options ??= new SearchOptions();
        options.Validate();
        var data = snapshot.Span;
        if (data.Length < HeaderLength + TrailerLength)
        {
            throw new SnapshotException($"Snapshot is truncated: {data.Length} bytes, a snapshot has at least {HeaderLength + TrailerLength}.");
        }

        if (!data[..Magic.Length].SequenceEqual(Magic))
        {
            throw new SnapshotException("Not a shard snapshot: the file does not start with the magic bytes \"OSSHARD\\n\".");
        }

        var version = BinaryPrimitives.ReadInt32LittleEndian(data[8..]);
        if (version != FormatVersion)
        {
            throw new SnapshotException($"Snapshot format version {version} is not supported; this code reads version {FormatVersion}.");
        }

        var sectionCount = BinaryPrimitives.ReadInt32LittleEndian(data[12..]);
        var bodyLength = BinaryPrimitives.ReadInt64LittleEndian(data[16..]);
        var expectedLength = HeaderLength + bodyLength + TrailerLength;
        if (bodyLength < 0 || expectedLength != data.Length)
        {
            throw new SnapshotException(
                $"Snapshot is truncated or has trailing bytes: the header announces {expectedLength.ToString(CultureInfo.InvariantCulture)} bytes, the snapshot has {data.Length}.");
        }

        var storedCrc = BinaryPrimitives.ReadUInt32LittleEndian(data[^TrailerLength..]);
        var actualCrc = Crc32.Compute(data[..^TrailerLength]);
        if (storedCrc != actualCrc)
        {
            throw new SnapshotException($"Snapshot checksum mismatch: stored CRC-32 {storedCrc:X8}, computed {actualCrc:X8}; the snapshot is corrupt.");
        }

        try
        {
            var sections = ReadSections(snapshot.Slice(HeaderLength, (int)bodyLength), sectionCount);
            return new LoadedShard(BuildShard(sections, schema, options), ExtraSections(sections));
        }
        catch (Exception exception) when (exception is IndexOutOfRangeException or ArgumentException or InvalidDataException or InvalidOperationException or OverflowException)
        {
            throw new SnapshotException($"Snapshot is inconsistent although its checksum matches: {exception.Message}", exception);
        }
    }

    private static Dictionary<string, ReadOnlyMemory<byte>> ReadSections(ReadOnlyMemory<byte> body, int sectionCount)
    {
        var sections = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        var offset = 0;
        for (var i = 0; i < sectionCount; i++)
        {
            var reader = new SnapshotReader(body.Span[offset..], "section table");
            var name = reader.ReadRequiredString();
            var length = reader.ReadInt64();
            var headerBytes = 4 + System.Text.Encoding.UTF8.GetByteCount(name) + 8;
            if (length < 0 || length > body.Length - offset - headerBytes)
            {
                throw new SnapshotException($"Snapshot section '{name}' announces {length} bytes, only {body.Length - offset - headerBytes} remain.");
            }

            if (!sections.TryAdd(name, body.Slice(offset + headerBytes, (int)length)))
            {
                throw new SnapshotException($"Snapshot has section '{name}' twice.");
            }

            offset += headerBytes + (int)length;
        }

        if (offset != body.Length)
        {
            throw new SnapshotException($"Snapshot has {body.Length - offset} bytes after its {sectionCount} sections.");
        }

        return sections;
    }

    private static Dictionary<string, ReadOnlyMemory<byte>> ExtraSections(Dictionary<string, ReadOnlyMemory<byte>> sections)
    {
        var extra = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        foreach (var (name, payload) in sections)
        {
            if (!SnapshotSectionNames.IsIndexSection(name))
            {
                extra.Add(name, payload);
            }
        }

        return extra;
    }

    private static ShardIndex BuildShard(Dictionary<string, ReadOnlyMemory<byte>> sections, IndexSchema schema, SearchOptions options)
    {
        CheckSchema(Section(sections, SnapshotSectionNames.Schema).Span, schema);
        var documents = ReadDocuments(Section(sections, SnapshotSectionNames.Documents).Span);
        var count = schema.Fields.Count;
        var text = new TextFieldIndex?[count];
        var keywords = new KeywordFieldIndex?[count];
        var numbers = new NumericFieldIndex?[count];
        var vectors = new VectorIndex?[count];
        for (var i = 0; i < count; i++)
        {
            var field = schema.Fields[i];
            switch (field.Type)
            {
                case FieldType.Text:
                    text[i] = ReadText(field, Section(sections, SnapshotSectionNames.TextPrefix + field.Name).Span, documents.Count);
                    break;
                case FieldType.Keyword:
                    keywords[i] = ReadKeyword(field, Section(sections, SnapshotSectionNames.KeywordPrefix + field.Name).Span, documents.Count);
                    break;
                case FieldType.Number or FieldType.Date:
                    numbers[i] = ReadNumeric(field, Section(sections, SnapshotSectionNames.NumericPrefix + field.Name).Span, documents.Count);
                    break;
                case FieldType.Vector:
                    vectors[i] = ReadVectors(field, Section(sections, SnapshotSectionNames.VectorPrefix + field.Name), documents);
                    break;
            }
        }

        return new ShardIndex(schema, options, documents, text, keywords, numbers, vectors);
    }

    private static ReadOnlyMemory<byte> Section(Dictionary<string, ReadOnlyMemory<byte>> sections, string name) =>
        sections.TryGetValue(name, out var payload) ? payload : throw new SnapshotException($"Snapshot has no section '{name}'.");

    private static ReadOnlyMemory<byte> WriteVectors(VectorIndex vectors)
    {
        using var stream = new MemoryStream();
        vectors.WriteTo(stream);
        return stream.ToArray();
    }

    private static VectorIndex ReadVectors(FieldDefinition field, ReadOnlyMemory<byte> payload, DocumentTable documents)
    {
        using var stream = new MemoryStream(payload.ToArray(), writable: false);
        var vectors = VectorIndex.ReadFrom(stream);
        if (vectors.Options.Dimension != field.Dimension || vectors.Options.Metric != field.Metric)
        {
            throw new SnapshotException($"Snapshot vectors of '{field.Name}' have dimension {vectors.Options.Dimension} ({vectors.Options.Metric}); the field has {field.Dimension} ({field.Metric}).");
        }

        var store = vectors.Store;
        for (var slot = 0; slot < store.SlotCount; slot++)
        {
            if (!store.IsDeleted(slot) && (store.Ordinal(slot) >= documents.Count || documents.IsDeleted(store.Ordinal(slot)) || documents.IdOf(store.Ordinal(slot)) != store.Id(slot)))
            {
                throw new SnapshotException($"Snapshot vector of '{store.Id(slot)}' in '{field.Name}' points at document ordinal {store.Ordinal(slot)}, which is not that live document.");
            }
        }

        return vectors;
    }

    private static ReadOnlyMemory<byte> WriteSchema(IndexSchema schema)
    {
        var writer = new SnapshotWriter();
        writer.WriteInt32(schema.Fields.Count);
        foreach (var field in schema.Fields)
        {
            writer.WriteString(field.Name);
            writer.WriteByte((byte)field.Type);
            writer.WriteDouble(field.Boost);
            writer.WriteByte(field.Stored ? (byte)1 : (byte)0);
            writer.WriteInt32(field.Dimension);
            writer.WriteByte((byte)field.Metric);
        }

        return writer.WrittenMemory;
    }

    private static void CheckSchema(ReadOnlySpan<byte> payload, IndexSchema schema)
    {
        var reader = new SnapshotReader(payload, SnapshotSectionNames.Schema);
        var count = reader.ReadInt32();
        if (count != schema.Fields.Count)
        {
            throw new SnapshotException($"Snapshot was written with {count} fields, the schema has {schema.Fields.Count}; load it with the schema it was written with.");
        }

        foreach (var field in schema.Fields)
        {
            var name = reader.ReadRequiredString();
            var type = (FieldType)reader.ReadByte();
            var boost = reader.ReadDouble();
            var stored = reader.ReadByte() == 1;
            var dimension = reader.ReadInt32();
            var metric = (VectorMetric)reader.ReadByte();
            if (name != field.Name || type != field.Type || boost != field.Boost || stored != field.Stored || dimension != field.Dimension || metric != field.Metric)
            {
                throw new SnapshotException(
                    $"Snapshot field '{name}' ({type}, boost {boost}, stored {stored}, dimension {dimension}, {metric}) differs from schema field '{field.Name}' " +
                    $"({field.Type}, boost {field.Boost}, stored {field.Stored}, dimension {field.Dimension}, {field.Metric}).");
            }
        }
    }

    private static ReadOnlyMemory<byte> WriteDocuments(DocumentTable documents)
    {
        var writer = new SnapshotWriter();
        writer.WriteInt32(documents.Count);
        foreach (var id in documents.Ids)
        {
            writer.WriteString(id);
        }

        writer.WriteUInt64Array(documents.Tombstones);
        return writer.WrittenMemory;
    }

    private static DocumentTable ReadDocuments(ReadOnlySpan<byte> payload)
    {
        var reader = new SnapshotReader(payload, SnapshotSectionNames.Documents);
        var count = reader.ReadInt32();
        if (count < 0 || count > payload.Length / 4)
        {
            throw reader.Corrupt($"document count {count} is impossible");
        }

        var ids = new string[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = reader.ReadRequiredString();
        }

        var tombstones = reader.ReadUInt64Array();
        if (tombstones.Length != (count + 63) >> 6)
        {
            throw reader.Corrupt($"{tombstones.Length} tombstone words for {count} documents");
        }

        return new DocumentTable(ids, tombstones);
    }

    private static ReadOnlyMemory<byte> WriteText(TextFieldIndex field, int documentCount)
    {
        var writer = new SnapshotWriter(1 << 20);
        writer.WriteInt64(field.SumLength);
        writer.WriteInt32(field.DocumentCount);
        writer.WriteInt32Array(field.Lengths[..documentCount]);
        writer.WriteByte(field.Field.Stored ? (byte)1 : (byte)0);
        if (field.Field.Stored)
        {
            for (var ordinal = 0; ordinal < documentCount; ordinal++)
            {
                writer.WriteString(field.StoredText(ordinal));
            }
        }

        var terms = new List<string>(field.Terms.Keys);
        terms.Sort(StringComparer.Ordinal);
        writer.WriteInt32(terms.Count);
        var lists = new PostingList[terms.Count];
        int totalPostings = 0, totalPositionBytes = 0;
        for (var t = 0; t < lists.Length; t++)
        {
            lists[t] = field.Terms[terms[t]];
            writer.WriteString(terms[t]);
            writer.WriteInt32(lists[t].Count);
            writer.WriteInt32(lists[t].PositionBytes.Length);
            totalPostings += lists[t].Count;
            totalPositionBytes += lists[t].PositionBytes.Length;
        }

        writer.WriteInt32(totalPostings);
        foreach (var list in lists)
        {
            writer.WriteBytes(MemoryMarshal.AsBytes(list.Documents));
        }

        writer.WriteInt32(totalPostings);
        foreach (var list in lists)
        {
            writer.WriteBytes(MemoryMarshal.AsBytes(list.Frequencies));
        }

        writer.WriteInt32(totalPostings);
        Span<byte> relative = stackalloc byte[4];
        foreach (var list in lists)
        {
            var positionsBase = list.PositionsBase;
            foreach (var start in list.PositionStarts)
            {
                BinaryPrimitives.WriteInt32LittleEndian(relative, start - positionsBase);
                writer.WriteBytes(relative);
            }
        }

        writer.WriteInt32(totalPositionBytes);
        foreach (var list in lists)
        {
            writer.WriteBytes(list.PositionBytes);
        }

        return writer.WrittenMemory;
    }

    private static TextFieldIndex ReadText(FieldDefinition field, ReadOnlySpan<byte> payload, int documentCount)
    {
        var reader = new SnapshotReader(payload, SnapshotSectionNames.TextPrefix + field.Name);
        var sumLength = reader.ReadInt64();
        var fieldDocumentCount = reader.ReadInt32();
        var lengths = reader.ReadInt32Array();
        if (lengths.Length != documentCount)
        {
            throw reader.Corrupt($"{lengths.Length} field lengths for {documentCount} documents");
        }

        string?[]? stored = null;
        if (reader.ReadByte() == 1)
        {
            stored = new string?[documentCount];
            for (var ordinal = 0; ordinal < documentCount; ordinal++)
            {
                stored[ordinal] = reader.ReadString();
            }
        }

        var termCount = reader.ReadInt32();
        if (termCount < 0 || termCount > payload.Length / 12)
        {
            throw reader.Corrupt($"term count {termCount} is impossible");
        }

        var terms = new string[termCount];
        var counts = new int[termCount];
        var positionLengths = new int[termCount];
        long totalPostings = 0, totalPositionBytes = 0, totalBlocks = 0;
        for (var t = 0; t < termCount; t++)
        {
            terms[t] = reader.ReadRequiredString();
            counts[t] = reader.ReadInt32();
            positionLengths[t] = reader.ReadInt32();
            if (counts[t] < 1 || positionLengths[t] < counts[t])
            {
                throw reader.Corrupt($"term '{terms[t]}' has {counts[t]} postings and {positionLengths[t]} position bytes");
            }

            totalPostings += counts[t];
            totalPositionBytes += positionLengths[t];
            totalBlocks += PackedPostings.BlocksFor(counts[t]);
        }

        var documents = reader.ReadInt32Array();
        var frequencies = reader.ReadInt32Array();
        var starts = reader.ReadInt32Array();
        var positions = reader.ReadByteArray();
        if (documents.Length != totalPostings || frequencies.Length != totalPostings || starts.Length != totalPostings || positions.Length != totalPositionBytes)
        {
            throw reader.Corrupt($"the term table announces {totalPostings} postings and {totalPositionBytes} position bytes, the arrays hold {documents.Length}, {frequencies.Length}, {starts.Length} and {positions.Length}");
        }

        if (!reader.AtEnd)
        {
            throw reader.Corrupt("unread bytes after the postings");
        }

        var packed = new PackedPostings(documents, frequencies, starts, positions, (int)totalBlocks);
        var dictionary = new Dictionary<string, PostingList>(termCount, StringComparer.Ordinal);
        int posting = 0, positionsBase = 0;
        for (var t = 0; t < termCount; t++)
        {
            var positionsEnd = positionsBase + positionLengths[t];
            for (var i = posting; i < posting + counts[t]; i++)
            {
                if ((uint)documents[i] >= (uint)documentCount || (i > posting && documents[i] <= documents[i - 1]) || frequencies[i] < 1
                    || (uint)starts[i] >= (uint)positionLengths[t] || (i > posting && starts[i] <= starts[i - 1] - positionsBase))
                {
                    throw reader.Corrupt($"posting {i - posting} of term '{terms[t]}' is out of order or out of range");
                }

                starts[i] += positionsBase;
            }

            if (!dictionary.TryAdd(terms[t], packed.Slice(counts[t], positionsEnd, lengths)))
            {
                throw reader.Corrupt($"term '{terms[t]}' appears twice");
            }

            posting += counts[t];
            positionsBase = positionsEnd;
        }

        return new TextFieldIndex(field, dictionary, packed, lengths, stored, sumLength, fieldDocumentCount);
    }

    private static ReadOnlyMemory<byte> WriteKeyword(KeywordFieldIndex field)
    {
        var writer = new SnapshotWriter();
        writer.WriteInt32(field.Values.Count);
        foreach (var value in field.Values)
        {
            writer.WriteString(value);
        }

        writer.WriteInt32Array(field.RowStarts);
        writer.WriteInt32Array(field.RowValues);
        return writer.WrittenMemory;
    }

    private static KeywordFieldIndex ReadKeyword(FieldDefinition field, ReadOnlySpan<byte> payload, int documentCount)
    {
        var reader = new SnapshotReader(payload, SnapshotSectionNames.KeywordPrefix + field.Name);
        var valueCount = reader.ReadInt32();
        if (valueCount < 0 || valueCount > payload.Length / 4)
        {
            throw reader.Corrupt($"value count {valueCount} is impossible");
        }

        var values = new List<string>(valueCount);
        for (var i = 0; i < valueCount; i++)
        {
            values.Add(reader.ReadRequiredString());
        }

        var rowStarts = reader.ReadInt32Array();
        var rowValues = reader.ReadInt32Array();
        if (rowStarts.Length != documentCount + 1 || rowStarts[0] != 0 || rowStarts[^1] != rowValues.Length)
        {
            throw reader.Corrupt($"{rowStarts.Length} row starts for {documentCount} documents and {rowValues.Length} values");
        }

        for (var i = 1; i < rowStarts.Length; i++)
        {
            if (rowStarts[i] < rowStarts[i - 1])
            {
                throw reader.Corrupt($"row {i - 1} ends before it starts");
            }
        }

        return new KeywordFieldIndex(field, values, rowStarts, rowValues, documentCount);
    }

    private static ReadOnlyMemory<byte> WriteNumeric(NumericFieldIndex field)
    {
        var writer = new SnapshotWriter();
        writer.WriteDoubleArray(field.Values);
        return writer.WrittenMemory;
    }

    private static NumericFieldIndex ReadNumeric(FieldDefinition field, ReadOnlySpan<byte> payload, int documentCount)
    {
        var reader = new SnapshotReader(payload, SnapshotSectionNames.NumericPrefix + field.Name);
        var values = reader.ReadDoubleArray();
        if (values.Length != documentCount)
        {
            throw reader.Corrupt($"{values.Length} values for {documentCount} documents");
        }

        return new NumericFieldIndex(field, values, documentCount);
    }

    private static void EnsureLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Shard snapshots are written and read on little-endian machines only.");
        }
    }
}
