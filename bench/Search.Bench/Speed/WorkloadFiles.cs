namespace OrleansSearch.Search.Bench.Speed;

/// <summary>The TSV lines every engine reads: "ordinal TAB text", text on one line.</summary>
internal static class WorkloadFiles
{
    public static void WriteLine(TextWriter writer, long ordinal, string text)
    {
        writer.Write(ordinal);
        writer.Write('\t');
        foreach (var c in text)
        {
            writer.Write(c is '\t' or '\n' or '\r' ? ' ' : c);
        }

        writer.Write('\n');
    }

    /// <summary>Splits a line into its ordinal and text.</summary>
    public static (long Ordinal, string Text) Parse(string line)
    {
        var tab = line.IndexOf('\t');
        if (tab <= 0)
        {
            throw new InvalidDataException($"Workload line \"{line}\" has no ordinal before a tab.");
        }

        return (long.Parse(line.AsSpan(0, tab), System.Globalization.CultureInfo.InvariantCulture), line[(tab + 1)..]);
    }

    public static List<string> ReadTexts(string path)
    {
        var texts = new List<string>();
        foreach (var line in File.ReadLines(path))
        {
            texts.Add(Parse(line).Text);
        }

        return texts;
    }
}
