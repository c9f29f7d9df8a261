using System.Net.Http.Headers;
using System.Text.Json;

namespace OrleansSearch.Tests.Support.Load;

/// <summary>Request bodies serialized once, before a run, so the generator spends its time sending, not serializing.</summary>
internal static class JsonPost
{
    public static byte[] Body(object value) => JsonSerializer.SerializeToUtf8Bytes(value);

    public static HttpRequestMessage Create(string path, byte[] body, string accept)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = content };
        request.Headers.TryAddWithoutValidation("Accept", accept);
        return request;
    }

    public static bool IsPartial(JsonElement searchOutput) =>
        searchOutput.TryGetProperty("partial", out var partial) && partial.ValueKind == JsonValueKind.True;
}
