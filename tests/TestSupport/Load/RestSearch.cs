using System.Net;
using System.Text.Json;

namespace OrleansSearch.Tests.Support.Load;

/// <summary><c>POST /v1/indexes/{index}/search</c>, cycling through <paramref name="queries"/> (each a search body as REST takes it).</summary>
public sealed class RestSearch(string index, IReadOnlyList<object> queries) : ILoadOperation
{
    private readonly string _path = $"/v1/indexes/{Uri.EscapeDataString(index)}/search";
    private readonly byte[][] _bodies = [.. queries.Select(JsonPost.Body)];

    public string Name => "rest-search";

    public async Task<(OutcomeKind Kind, string? Failure)> SendAsync(HttpClient http, long sequence, CancellationToken cancellationToken)
    {
        using var request = JsonPost.Create(_path, _bodies[sequence % _bodies.Length], "application/json");
        using var response = await http.SendAsync(request, cancellationToken);
        string body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (OutcomeKind.Failed, FailureReasons.FromStatus(response.StatusCode, body));
        }
        using var answer = JsonDocument.Parse(body);
        return (JsonPost.IsPartial(answer.RootElement) ? OutcomeKind.Partial : OutcomeKind.Full, null);
    }
}
