using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace OrleansSearch.Tests.Support.Load;

/// <summary>
/// <c>POST /v1/indexes/{index}/documents</c> with one new document per request (id <c>{prefix}{sequence}</c>,
/// fields from <paramref name="fields"/>). Every write answered 200 with <c>ok: true</c> is recorded in
/// <see cref="Acknowledged"/>: those are the writes that must never be lost. No retries: an open-loop client
/// sends on schedule, so a failed write stays failed (and may or may not have been stored).
/// </summary>
public sealed class RestWrite(string index, string idPrefix, Func<string, object> fields) : ILoadOperation
{
    private readonly string _path = $"/v1/indexes/{Uri.EscapeDataString(index)}/documents";
    private readonly ConcurrentQueue<string> _acknowledged = new();

    public string Name => "write";

    /// <summary>Ids of the writes acknowledged so far.</summary>
    public IReadOnlyCollection<string> Acknowledged => _acknowledged;

    public async Task<(OutcomeKind Kind, string? Failure)> SendAsync(HttpClient http, long sequence, CancellationToken cancellationToken)
    {
        string id = idPrefix + sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);
        byte[] body = JsonPost.Body(new { documents = new[] { new { id, fields = fields(id) } } });
        using var request = JsonPost.Create(_path, body, "application/json");
        using var response = await http.SendAsync(request, cancellationToken);
        string text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (OutcomeKind.Failed, FailureReasons.FromStatus(response.StatusCode, text));
        }
        using var answer = JsonDocument.Parse(text);
        var outcome = answer.RootElement.GetProperty("results")[0];
        if (outcome.GetProperty("ok").GetBoolean())
        {
            _acknowledged.Enqueue(id);
            return (OutcomeKind.Full, null);
        }
        return (OutcomeKind.Failed, $"write not ok: {(outcome.TryGetProperty("error", out var error) ? error.GetString() : "?")}");
    }
}
