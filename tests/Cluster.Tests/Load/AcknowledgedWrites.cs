using System.Diagnostics;
using System.Net;

namespace OrleansSearch.Cluster.Tests.Load;

/// <summary>After the load stops: which acknowledged writes can no longer be read.</summary>
internal static class AcknowledgedWrites
{
    /// <summary>
    /// Reads every id back. A 503 is retried until <paramref name="deadline"/> (the cluster may still be moving
    /// grains); any other answer than 200 — a 404 above all — marks the write as lost.
    /// </summary>
    public static async Task<IReadOnlyList<string>> FindLostAsync(HttpClient http, string index, IEnumerable<string> ids, TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        var lost = new List<string>();
        foreach (string id in ids)
        {
            while (true)
            {
                using var response = await GatewayApi.GetDocumentAsync(http, index, id);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    break;
                }
                if (response.StatusCode != HttpStatusCode.ServiceUnavailable || clock.Elapsed > deadline)
                {
                    lost.Add($"{id} (HTTP {(int)response.StatusCode})");
                    break;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }
        }
        return lost;
    }
}
