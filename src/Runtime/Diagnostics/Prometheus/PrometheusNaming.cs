using System.Text;

namespace OrleansSearch.Runtime.Diagnostics.Prometheus;

/// <summary>
/// Instrument names and units to Prometheus names, following the OpenTelemetry-to-Prometheus conventions:
/// invalid characters (dots) become underscores, the unit becomes a suffix in words
/// (<c>s</c> → <c>_seconds</c>, <c>By</c> → <c>_bytes</c>, <c>By/s</c> → <c>_bytes_per_second</c>), annotations such as
/// <c>{call}</c> add nothing, and counters end with <c>_total</c>.
/// </summary>
internal static class PrometheusNaming
{
    private static readonly Dictionary<string, string> UnitWords = new(StringComparer.Ordinal)
    {
        ["d"] = "days", ["h"] = "hours", ["min"] = "minutes", ["s"] = "seconds",
        ["ms"] = "milliseconds", ["us"] = "microseconds", ["ns"] = "nanoseconds",
        ["By"] = "bytes", ["KiBy"] = "kibibytes", ["MiBy"] = "mebibytes", ["GiBy"] = "gibibytes", ["TiBy"] = "tebibytes",
        ["KBy"] = "kilobytes", ["MBy"] = "megabytes", ["GBy"] = "gigabytes", ["TBy"] = "terabytes",
        ["m"] = "meters", ["V"] = "volts", ["A"] = "amperes", ["J"] = "joules", ["W"] = "watts", ["g"] = "grams",
        ["Cel"] = "celsius", ["Hz"] = "hertz", ["%"] = "percent",
    };

    private static readonly Dictionary<string, string> PerUnitWords = new(StringComparer.Ordinal)
    {
        ["s"] = "second", ["min"] = "minute", ["h"] = "hour", ["d"] = "day", ["w"] = "week", ["mo"] = "month", ["y"] = "year",
    };

    public static string MetricName(string instrumentName, string? unit, PrometheusMetricType type)
    {
        string name = Sanitize(instrumentName);
        if (type == PrometheusMetricType.Counter && name.EndsWith("_total", StringComparison.Ordinal))
        {
            name = name[..^"_total".Length];
        }
        string suffix = UnitSuffix(unit, type);
        if (suffix.Length > 0 && !name.EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            name += "_" + suffix;
        }
        return type == PrometheusMetricType.Counter ? name + "_total" : name;
    }

    /// <summary>A label name: <c>[a-zA-Z_][a-zA-Z0-9_]*</c>, other characters replaced by underscores.</summary>
    public static string LabelName(string tagName) => Sanitize(tagName);

    /// <summary>The unit in words, empty when it has none (annotations in braces, or the dimensionless "1" of a counter).</summary>
    public static string UnitSuffix(string? unit, PrometheusMetricType type)
    {
        if (string.IsNullOrEmpty(unit))
        {
            return "";
        }
        string bare = RemoveAnnotations(unit);
        if (bare == "1")
        {
            return type == PrometheusMetricType.Gauge ? "ratio" : "";
        }
        int slash = bare.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return Word(bare, UnitWords);
        }
        string numerator = Word(bare[..slash], UnitWords);
        string denominator = Word(bare[(slash + 1)..], PerUnitWords);
        return denominator.Length == 0 ? numerator : numerator.Length == 0 ? "per_" + denominator : numerator + "_per_" + denominator;
    }

    private static string Word(string unit, Dictionary<string, string> words) =>
        unit.Length == 0 ? "" : words.TryGetValue(unit, out string? word) ? word : Sanitize(unit).Trim('_');

    private static string RemoveAnnotations(string unit)
    {
        var bare = new StringBuilder(unit.Length);
        int depth = 0;
        foreach (char c in unit)
        {
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && depth > 0)
            {
                depth--;
            }
            else if (depth == 0)
            {
                bare.Append(c);
            }
        }
        return bare.ToString().Trim();
    }

    /// <summary>Replaces characters outside <c>[a-zA-Z0-9_]</c>, collapses repeated underscores, and prefixes a leading digit.</summary>
    private static string Sanitize(string name)
    {
        var result = new StringBuilder(name.Length + 1);
        foreach (char c in name)
        {
            char mapped = char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_';
            if (mapped == '_' && result.Length > 0 && result[^1] == '_')
            {
                continue;
            }
            result.Append(mapped);
        }
        if (result.Length == 0 || char.IsAsciiDigit(result[0]))
        {
            result.Insert(0, '_');
        }
        return result.ToString();
    }
}
