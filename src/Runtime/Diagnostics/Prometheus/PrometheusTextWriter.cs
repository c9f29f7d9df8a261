using System.Globalization;
using System.Text;

namespace OrleansSearch.Runtime.Diagnostics.Prometheus;

/// <summary>
/// Writes the Prometheus text exposition format 0.0.4: <c># HELP</c> and <c># TYPE</c> lines per family,
/// then one <c>name{labels} value</c> line per sample, lines ending with <c>\n</c>.
/// </summary>
internal sealed class PrometheusTextWriter
{
    private readonly StringBuilder _text = new(4096);

    public void WriteFamilyHeader(string name, string help, PrometheusMetricType type)
    {
        _text.Append("# HELP ").Append(name).Append(' ');
        AppendEscaped(_text, help, escapeQuotes: false);
        _text.Append('\n').Append("# TYPE ").Append(name).Append(' ').Append(type switch
        {
            PrometheusMetricType.Counter => "counter",
            PrometheusMetricType.Gauge => "gauge",
            _ => "histogram",
        }).Append('\n');
    }

    public void WriteSample(string name, string labels, double value)
    {
        _text.Append(name);
        if (labels.Length > 0)
        {
            _text.Append('{').Append(labels).Append('}');
        }
        _text.Append(' ').Append(FormatValue(value)).Append('\n');
    }

    public void WriteBucket(string name, string labels, double upperBound, long cumulativeCount)
    {
        _text.Append(name).Append("_bucket{");
        if (labels.Length > 0)
        {
            _text.Append(labels).Append(',');
        }
        _text.Append("le=\"").Append(FormatValue(upperBound)).Append("\"} ")
            .Append(cumulativeCount.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    public override string ToString() => _text.ToString();

    /// <summary>
    /// <c>name="value"</c> pairs sorted by name, joined by commas. Later tags win over earlier ones with the
    /// same name (measurement tags come after the meter's). <c>le</c> is left out: histograms own it.
    /// </summary>
    public static string FormatLabels(IEnumerable<KeyValuePair<string, object?>> tags)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            string name = PrometheusNaming.LabelName(tag.Key);
            if (name != "le")
            {
                labels[name] = FormatTagValue(tag.Value);
            }
        }
        var text = new StringBuilder();
        foreach (var (name, value) in labels)
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }
            text.Append(name).Append("=\"");
            AppendEscaped(text, value, escapeQuotes: true);
            text.Append('"');
        }
        return text.ToString();
    }

    /// <summary>Go's ParseFloat reads these; "+Inf", "-Inf" and "NaN" are the format's spellings of the specials.</summary>
    public static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string FormatTagValue(object? value) => value switch
    {
        null => "",
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>Backslash and line feed are escaped everywhere; double quotes only in label values.</summary>
    private static void AppendEscaped(StringBuilder text, string value, bool escapeQuotes)
    {
        foreach (char c in value)
        {
            switch (c)
            {
                case '\\':
                    text.Append(@"\\");
                    break;
                case '\n':
                    text.Append(@"\n");
                    break;
                case '"' when escapeQuotes:
                    text.Append("\\\"");
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }
    }
}
