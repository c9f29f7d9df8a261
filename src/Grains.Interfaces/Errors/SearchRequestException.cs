namespace OrleansSearch.Grains;

/// <summary>
/// A request a grain refuses because of what the caller asked (a 4xx at the gateway). The gateway maps each
/// subtype by type to a status and a stable code; any other exception that crosses a grain call is ours (500).
/// Messages are written for the client: they name the setting or value at fault.
/// </summary>
[GenerateSerializer]
[Alias("OrleansSearch.SearchRequestException")]
public abstract class SearchRequestException : Exception
{
    protected SearchRequestException(string message) : base(message)
    {
    }
}

/// <summary>The index named by the request does not exist.</summary>
[GenerateSerializer]
[Alias("OrleansSearch.IndexNotFoundException")]
public sealed class IndexNotFoundException(string index) : SearchRequestException($"Index '{index}' does not exist.")
{
    [Id(0)]
    public string Index { get; } = index;
}

/// <summary>An index of that name exists with another definition.</summary>
[GenerateSerializer]
[Alias("OrleansSearch.IndexExistsException")]
public sealed class IndexExistsException(string index)
    : SearchRequestException($"Index '{index}' already exists with a different definition; drop it first to change its schema or shard count.")
{
    [Id(0)]
    public string Index { get; } = index;
}

/// <summary>An argument (an index definition, a limit, a vector, a write batch) breaks a rule the message names.</summary>
[GenerateSerializer]
[Alias("OrleansSearch.InvalidArgumentException")]
public sealed class InvalidArgumentException(string message) : SearchRequestException(message);

/// <summary>The query text does not parse in the query language.</summary>
[GenerateSerializer]
[Alias("OrleansSearch.InvalidQueryException")]
public sealed class InvalidQueryException(string message) : SearchRequestException(message);

/// <summary>
/// A shard cannot serve: its stored snapshot cannot be loaded. Not the caller's fault (a 500 at the gateway); the
/// message names the shard and the reason so an operator can repair it (deleting the snapshot row replays the
/// shard's documents). Thrown instead of the search library's own exception, which Orleans cannot serialize.
/// </summary>
[GenerateSerializer]
[Alias("OrleansSearch.ShardUnavailableException")]
public sealed class ShardUnavailableException(string message) : Exception(message);
