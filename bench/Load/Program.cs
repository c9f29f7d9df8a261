using System.Runtime.InteropServices;
using OrleansSearch.Load.Bench;

// Usage: see BenchOptions.Usage (e.g. dotnet bench/Load/bin/Release/net10.0/OrleansSearch.Load.Bench.dll capacity kill-silo --duration 30)
BenchOptions options;
IReadOnlyList<Scenario> scenarios;
try
{
    options = BenchOptions.Parse(args);
    scenarios = Scenario.Select(options.Scenarios);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}
// Ctrl-C or SIGTERM ends the current scenario through its dispose, which kills the silos, gateways and PostgreSQL;
// without this the runtime exits at the signal and leaves them running.
using var stop = new CancellationTokenSource();
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

double? capacity = options.Capacity;
await File.WriteAllTextAsync(options.ReportPath, $"## Load and fault bench: {string.Join(' ', args)}\n\n");
foreach (var scenario in scenarios)
{
    Console.WriteLine($"{scenario.Name}: {scenario.Description}");
    ScenarioResult result;
    try
    {
        result = await ScenarioRun.RunAsync(scenario, options, capacity, Console.Out, stop.Token);
    }
    catch (OperationCanceledException) when (stop.IsCancellationRequested)
    {
        Console.Error.WriteLine("stopped by a signal; every process of the scenario was killed");
        return 130;
    }
    // A capacity measured once serves the scenarios after it in this run.
    capacity ??= result.Capacity;
    string markdown = MarkdownReport.Render(result);
    Console.WriteLine(markdown);
    await File.AppendAllTextAsync(options.ReportPath, markdown + "\n");
}
Console.WriteLine($"report: {Path.GetFullPath(options.ReportPath)}");
return 0;
