using Microsoft.Extensions.Options;
using OrleansSearch.McpGateway.Errors;
using OrleansSearch.Embeddings;

namespace OrleansSearch.McpGateway.Querying;

/// <summary>
/// The built-in embedding model (Universal Sentence Encoder lite) as the gateway uses it: for query texts of
/// semantic and hybrid searches, and for the vector fields with <c>embed_from</c> of documents being written.
/// Embedding happens here rather than in the shards so that replays never need the model (the stored document
/// carries its vector) and so that the CPU cost scales with gateways, not with shard owners. The model is
/// loaded on first use; when it cannot be (air-gapped host, no npm), every caller gets a clear
/// <c>embedding_unavailable</c> error for <see cref="RetryInterval"/> before the next attempt, and keyword
/// search is unaffected.
/// </summary>
internal sealed partial class TextEmbedder(IOptions<EmbeddingModelOptions> options, ILogger<TextEmbedder> logger)
{
    /// <summary>How long a failed load is reported before the model is tried again.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private Task<UniversalSentenceEncoder>? _loading;
    private DateTimeOffset _failedAt;

    /// <summary>Embeds each text (its first 128 tokens); throws a 503 <c>embedding_unavailable</c> when the model cannot be loaded.</summary>
    public async Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        IEmbedder model = await ModelAsync();
        return await model.EmbedAsync(texts, cancellationToken);
    }

    /// <summary>Loads the model now if it is not loaded; false (and the reason logged) when it cannot be.</summary>
    public async Task<bool> TryWarmUpAsync()
    {
        try
        {
            await ModelAsync();
            return true;
        }
        catch (GatewayException)
        {
            return false;
        }
    }

    private async Task<UniversalSentenceEncoder> ModelAsync()
    {
        Task<UniversalSentenceEncoder> loading;
        lock (_gate)
        {
            if (_loading is null || (_loading.IsFaulted && DateTimeOffset.UtcNow - _failedAt >= RetryInterval))
            {
                _loading = LoadAsync();
            }
            loading = _loading;
        }
        try
        {
            return await loading;
        }
        catch (EmbeddingModelUnavailableException exception)
        {
            throw new GatewayException(503, ErrorCodes.EmbeddingUnavailable,
                $"The embedding model is unavailable ({exception.Reason}: {exception.Message}); semantic and hybrid search and embed_from fields need it. Keyword search works; retry later or pass 'vector'.",
                RetryInterval);
        }
    }

    private async Task<UniversalSentenceEncoder> LoadAsync()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var model = await UniversalSentenceEncoder.LoadAsync(options.Value);
            LogLoaded(logger, started.Elapsed.TotalSeconds);
            return model;
        }
        catch (EmbeddingModelUnavailableException exception)
        {
            _failedAt = DateTimeOffset.UtcNow;
            LogUnavailable(logger, exception.Reason, exception.Message);
            throw;
        }
    }

    [LoggerMessage(EventId = 60, Level = LogLevel.Information, Message = "Embedding model loaded in {Seconds:0.0} s")]
    private static partial void LogLoaded(ILogger logger, double seconds);

    [LoggerMessage(EventId = 61, Level = LogLevel.Warning, Message = "Embedding model unavailable ({Reason}): {Detail}; semantic and hybrid search are off until it loads")]
    private static partial void LogUnavailable(ILogger logger, EmbeddingModelUnavailableReason reason, string detail);
}
