using System.Globalization;
using System.Text;

namespace OrleansSearch.Search.Scoring;

/// <summary>How a score came about: a value, what it is, and the values it was computed from.</summary>
public sealed record Explanation(double Value, string Description, IReadOnlyList<Explanation> Details)
{
    /// <summary>A leaf explanation.</summary>
    public Explanation(double value, string description)
        : this(value, description, [])
    {
    }

    /// <summary>An indented, human-readable tree.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        Append(builder, 0);
        return builder.ToString();
    }

    private void Append(StringBuilder builder, int depth)
    {
        builder.Append(' ', depth * 2)
            .Append(Value.ToString("R", CultureInfo.InvariantCulture))
            .Append(" = ")
            .AppendLine(Description);
        foreach (var detail in Details)
        {
            detail.Append(builder, depth + 1);
        }
    }
}
