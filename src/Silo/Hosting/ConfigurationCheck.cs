using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OrleansSearch.Silo.Hosting;

/// <summary>
/// <c>--validate-config</c>: binds every options section a process reads, validates each (messages name the
/// setting, its value and the rule), prints the effective configuration with secrets masked, and gives the exit
/// code (0 valid, 1 not) — without starting Orleans or Kestrel. A deployment runs it before rolling out.
/// </summary>
public sealed partial class ConfigurationCheck(IConfiguration configuration)
{
    public const string Switch = "--validate-config";

    /// <summary>What a masked secret prints as.</summary>
    public const string Masked = "***";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private readonly SortedDictionary<string, JsonNode?> _effective = new(StringComparer.Ordinal);
    private readonly List<string> _errors = [];

    public static bool IsRequested(string[] args) => Array.IndexOf(args, Switch) >= 0;

    /// <summary>The arguments without the switch: the command-line provider would take the next argument as its value.</summary>
    public static string[] ConfigurationArguments(string[] args) => Array.FindAll(args, arg => arg != Switch);

    public IReadOnlyList<string> Errors => _errors;

    /// <summary>
    /// Binds section <paramref name="section"/> onto <paramref name="defaults"/> (a value that does not convert is an
    /// error naming the key), then runs <paramref name="validate"/>, whose exception message is the error.
    /// </summary>
    public T Check<T>(string section, T defaults, Action<T>? validate = null) where T : class
    {
        try
        {
            configuration.GetSection(section).Bind(defaults);
        }
        catch (InvalidOperationException exception)
        {
            _errors.Add($"{section}: {Message(exception)}");
            _effective[section] = null;
            return defaults;
        }
        try
        {
            validate?.Invoke(defaults);
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            _errors.Add(Message(exception));
        }
        _effective[section] = Mask(JsonSerializer.SerializeToNode(defaults, defaults.GetType(), Json));
        return defaults;
    }

    /// <summary>
    /// A section read as raw keys rather than through an options class (e.g. the silo's view of <c>Auth</c>): printed
    /// as it is, masked; <paramref name="validate"/> returns the errors it finds.
    /// </summary>
    public void CheckSection(string section, Func<IConfigurationSection, IEnumerable<string>>? validate = null)
    {
        var node = configuration.GetSection(section);
        if (validate is not null)
        {
            _errors.AddRange(validate(node));
        }
        _effective[section] = Mask(ToJson(node));
    }

    private static JsonNode? ToJson(IConfigurationSection section)
    {
        var children = section.GetChildren().ToList();
        if (children.Count == 0)
        {
            return section.Value is null ? null : JsonValue.Create(section.Value);
        }
        var obj = new JsonObject();
        foreach (var child in children)
        {
            obj[child.Key] = ToJson(child);
        }
        return obj;
    }

    /// <summary>A rule across sections (e.g. cluster mode needs PostgreSQL): <paramref name="error"/> when <paramref name="holds"/> is false.</summary>
    public void Require(bool holds, string error)
    {
        if (!holds)
        {
            _errors.Add(error);
        }
    }

    /// <summary>Prints the verdict, each error on its own line, then the effective configuration; returns the exit code.</summary>
    public int Report(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_errors.Count == 0)
        {
            output.WriteLine("Configuration is valid.");
        }
        else
        {
            output.WriteLine($"Configuration is NOT valid ({_errors.Count} error{(_errors.Count == 1 ? "" : "s")}):");
            foreach (string error in _errors)
            {
                output.WriteLine("  error: " + error);
            }
        }
        output.WriteLine("Effective configuration (secrets masked):");
        var root = new JsonObject();
        foreach (var (section, value) in _effective)
        {
            root[section] = value?.DeepClone();
        }
        output.WriteLine(root.ToJsonString(Json));
        return _errors.Count == 0 ? 0 : 1;
    }

    /// <summary>
    /// Masks what must never be printed: passwords inside connection strings (ADO.NET <c>Password=</c>/<c>Pwd=</c>,
    /// Redis <c>password=</c>), and key hashes (<c>Sha256</c>, which would let anyone test guesses offline).
    /// </summary>
    public static JsonNode? Mask(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (value is JsonValue leaf && leaf.TryGetValue(out string? text))
                    {
                        obj[name] = MaskSetting(name, text);
                    }
                    else
                    {
                        Mask(value);
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Mask(item);
                }
                break;
        }
        return node;
    }

    /// <summary>The printable form of setting <paramref name="name"/> with value <paramref name="value"/>.</summary>
    public static string? MaskSetting(string name, string? value)
    {
        if (value is null)
        {
            return null;
        }
        if (name.Equals("Sha256", StringComparison.OrdinalIgnoreCase) || name.Contains("Password", StringComparison.OrdinalIgnoreCase)
            || name.Contains("Secret", StringComparison.OrdinalIgnoreCase))
        {
            return Masked;
        }
        return name.EndsWith("ConnectionString", StringComparison.OrdinalIgnoreCase) ? MaskConnectionString(value) : value;
    }

    /// <summary>
    /// A connection string with its password replaced by <see cref="Masked"/>: <c>Password=</c> and <c>Pwd=</c>
    /// (ADO.NET, any case, quoted or not) and Redis' <c>password=</c> option. Whatever does not parse is masked whole.
    /// </summary>
    public static string MaskConnectionString(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        if (!connectionString.Contains('=', StringComparison.Ordinal))
        {
            return connectionString;
        }
        if (connectionString.Contains(';', StringComparison.Ordinal) || !connectionString.Contains(',', StringComparison.Ordinal))
        {
            try
            {
                var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
                foreach (string key in builder.Keys.Cast<string>().ToList())
                {
                    if (key.Equals("password", StringComparison.OrdinalIgnoreCase) || key.Equals("pwd", StringComparison.OrdinalIgnoreCase))
                    {
                        builder[key] = Masked;
                    }
                }
                return builder.ConnectionString;
            }
            catch (ArgumentException)
            {
                return Masked;
            }
        }
        // StackExchange.Redis: host:port,option=value,...
        return RedisPassword().Replace(connectionString, match => match.Groups[1].Value + Masked);
    }

    private static string Message(Exception exception) => exception switch
    {
        // Our validators already name the setting and the value; ArgumentException appends the parameter again.
        ArgumentException argument when argument.ParamName is not null && argument.Message.IndexOf(" (Parameter '", StringComparison.Ordinal) is int at and > 0
            => argument.Message[..at],
        _ => exception.Message,
    };

    [GeneratedRegex("((?:^|,)\\s*password\\s*=)[^,]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RedisPassword();
}
