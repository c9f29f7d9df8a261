using System.Globalization;

namespace OrleansSearch.Load.Bench;

/// <summary>The command line: scenario names, then <c>--option value</c> pairs (see <see cref="Usage"/>).</summary>
internal sealed class BenchOptions
{
    public const string Usage = """
        Usage: dotnet bench/Load/bin/Release/net10.0/OrleansSearch.Load.Bench.dll <scenario>... [options]
          scenarios: capacity steady-50 steady-90 overload kill-silo sigterm-silo rolling-restart silo-join
                     postgres-stop kill-gateway soak, or all (every one but soak)
          --capacity N        searches/s taken as capacity (default: measured by 'capacity' earlier in the run, else measured first)
          --duration S        seconds of load per scenario (default 30; fault scenarios run at least 10 s past the fault's end)
          --fault-at S        seconds of load before the fault (default 10)
          --soak-duration S   seconds of the soak (default 600)
          --write-rate N      writes/s beside the searches (default 5)
          --mcp-share F       share of searches sent over MCP instead of REST (default 0.25)
          --documents N       documents of the sample corpus loaded before the load (default 5000)
          --shards N          shards of the index (default 6)
          --timeout S         client timeout per request (default 10)
          --report PATH       markdown report (default load-report.md)
        """;

    public List<string> Scenarios { get; } = [];

    public double? Capacity { get; private set; }

    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(30);

    public TimeSpan FaultAt { get; private set; } = TimeSpan.FromSeconds(10);

    public TimeSpan SoakDuration { get; private set; } = TimeSpan.FromMinutes(10);

    public double WriteRate { get; private set; } = 5;

    public double McpShare { get; private set; } = 0.25;

    public int Documents { get; private set; } = 5000;

    public int Shards { get; private set; } = 6;

    public TimeSpan RequestTimeout { get; private set; } = TimeSpan.FromSeconds(10);

    public string ReportPath { get; private set; } = "load-report.md";

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                options.Scenarios.Add(arg);
                continue;
            }
            string value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{arg} needs a value.");
            switch (arg)
            {
                case "--capacity": options.Capacity = Number(arg, value); break;
                case "--duration": options.Duration = TimeSpan.FromSeconds(Number(arg, value)); break;
                case "--fault-at": options.FaultAt = TimeSpan.FromSeconds(Number(arg, value)); break;
                case "--soak-duration": options.SoakDuration = TimeSpan.FromSeconds(Number(arg, value)); break;
                case "--write-rate": options.WriteRate = Number(arg, value); break;
                case "--mcp-share": options.McpShare = Math.Clamp(Number(arg, value), 0, 1); break;
                case "--documents": options.Documents = (int)Number(arg, value); break;
                case "--shards": options.Shards = (int)Number(arg, value); break;
                case "--timeout": options.RequestTimeout = TimeSpan.FromSeconds(Number(arg, value)); break;
                case "--report": options.ReportPath = value; break;
                default: throw new ArgumentException($"Unknown option {arg}.");
            }
        }
        if (options.Scenarios.Count == 0)
        {
            throw new ArgumentException("Name at least one scenario.");
        }
        return options;
    }

    private static double Number(string option, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && number >= 0
            ? number
            : throw new ArgumentException($"{option} takes a non-negative number, not '{value}'.");
}
