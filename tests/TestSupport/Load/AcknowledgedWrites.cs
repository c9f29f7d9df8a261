using System.Diagnostics;
using System.Net;
using OrleansSearch.Tests.Support.Processes;

namespace OrleansSearch.Tests.Support.Load;

/// <summary>After the load stops: which acknowledged writes can no longer be read.</summary>
public static class AcknowledgedWrites
{
    /// <summary>
    /// Reads every id back. A 503 or no answer is retried until <paramref name="deadline"/> (the cluster may still
    /// be moving grains); any other answer than 200 — a 404 above all — marks the write as lost.
    /// </summary>
    public static async Task<IReadOnlyList<string>> FindLostAsync(HttpClient http, string index, IEnumerable<string> ids, TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        var lost = new List<string>();
        foreach (string id in ids)
        {
            while (true)
            {
                string problem;
                try
                {
                    using var response = await GatewayApi.GetDocumentAsync(http, index, id);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        break;
                    }
                    problem = $"HTTP {(int)response.StatusCode}";
                    if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
                    {
                        lost.Add($"{id} ({problem})");
                        break;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    problem = FailureReasons.FromException(e);
                }
                if (clock.Elapsed > deadline)
                {
                    lost.Add($"{id} ({problem})");
                    break;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }
        }
        return lost;
    }
}
