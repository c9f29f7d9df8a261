using System.Text;

namespace OrleansSearch.Search.Query;

/// <summary>
/// The opaque search-after cursor: the sort values and id of the last hit of a page, encoded as
/// URL-safe base64 of [version][sort kind][sort field][order][value][id]. Decoding checks that the
/// cursor was made for the same sort, so a cursor can never silently page a different order.
/// </summary>
internal static class SearchCursor
{
    private const byte Version = 1;
    private const byte ScoreKind = 0;
    private const byte NumberKind = 1;
    private const byte KeywordKind = 2;
    private const byte MissingKind = 3;

    public static string Encode(SortSpec sort, SearchHit hit)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Version);
            writer.Write(sort.Field ?? string.Empty);
            writer.Write((byte)sort.Order);
            if (sort.IsScore)
            {
                writer.Write(ScoreKind);
                writer.Write(hit.Score);
            }
            else if (hit.SortValue.Number is { } number)
            {
                writer.Write(NumberKind);
                writer.Write(number);
            }
            else if (hit.SortValue.Keyword is { } keyword)
            {
                writer.Write(KeywordKind);
                writer.Write(keyword);
            }
            else
            {
                writer.Write(MissingKind);
            }

            writer.Write(hit.Id);
        }

        return Convert.ToBase64String(stream.GetBuffer(), 0, (int)stream.Length).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Decodes a cursor made for <paramref name="sort"/>: the score or sort value, and the id.</summary>
    public static (double Score, SortValue Value, string Id) Decode(string cursor, SortSpec sort)
    {
        byte[] bytes;
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            bytes = Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '='));
        }
        catch (FormatException)
        {
            throw Invalid(cursor, "it is not URL-safe base64");
        }

        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
            if (reader.ReadByte() != Version)
            {
                throw Invalid(cursor, $"it is not a version {Version} cursor");
            }

            var field = reader.ReadString();
            var order = (SortOrder)reader.ReadByte();
            if (field != (sort.Field ?? string.Empty) || order != sort.Order)
            {
                throw Invalid(cursor, $"it was made for sort '{(field.Length == 0 ? "score" : field)} {order}', but the request sorts by '{sort.Field ?? "score"} {sort.Order}'");
            }

            var kind = reader.ReadByte();
            var score = 0d;
            SortValue value = default;
            switch (kind)
            {
                case ScoreKind:
                    score = reader.ReadDouble();
                    break;
                case NumberKind:
                    value = new SortValue(reader.ReadDouble(), null);
                    break;
                case KeywordKind:
                    value = new SortValue(null, reader.ReadString());
                    break;
                case MissingKind:
                    break;
                default:
                    throw Invalid(cursor, $"it has unknown value kind {kind}");
            }

            var id = reader.ReadString();
            if (reader.BaseStream.Position != bytes.Length)
            {
                throw Invalid(cursor, "it has trailing bytes");
            }

            return (score, value, id);
        }
        catch (EndOfStreamException)
        {
            throw Invalid(cursor, "it is truncated");
        }
        catch (Exception exception) when (exception is IOException or FormatException)
        {
            // BinaryReader refuses a negative or overlong string length this way: a crafted cursor, not a server fault.
            throw Invalid(cursor, "it is malformed");
        }
    }

    private static ArgumentException Invalid(string cursor, string reason) =>
        new($"SearchAfter cursor '{cursor}' is invalid: {reason}. Pass the NextCursor of the previous page unchanged.", nameof(cursor));
}
