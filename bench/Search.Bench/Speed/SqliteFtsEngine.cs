using System.Diagnostics;
using System.Text;
using Microsoft.Data.Sqlite;
using OrleansSearch.Search.Analysis;

namespace OrleansSearch.Search.Bench.Speed;

/// <summary>
/// SQLite FTS5 through Microsoft.Data.Sqlite (its bundled SQLite): an in-memory database, one FTS5 table with
/// the porter tokenizer, `ORDER BY bm25(t) LIMIT 10`. FTS5's bm25() has k1 = 1.2 and b = 0.75 built in (its
/// arguments are column weights), and FTS5 keeps stopwords, so each query is an OR of its words with
/// Lucene's 33 English stopwords left out, as the other two engines' analyzers do.
/// </summary>
internal sealed class SqliteFtsEngine : ISpeedEngine
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly HashSet<string> _stopwords = new(Analyzers.EnglishStopwords, StringComparer.Ordinal);
    private readonly List<Token> _tokens = [];
    private readonly StringBuilder _match = new();
    private string[] _queries = [];

    public SqliteFtsEngine() => _connection.Open();

    public string Name => "SQLite FTS5";

    public string MemoryMeasure => "PRAGMA page_count × page_size of the in-memory database after the load";

    public string Version => Scalar("SELECT sqlite_version()").ToString() ?? "";

    public IndexFigures Index(string corpusPath)
    {
        Execute("DROP TABLE IF EXISTS t");
        var start = Stopwatch.GetTimestamp();
        Execute("CREATE VIRTUAL TABLE t USING fts5(contents, tokenize = 'porter unicode61')");
        var documents = 0;
        using (var transaction = _connection.BeginTransaction())
        using (var insert = _connection.CreateCommand())
        {
            insert.CommandText = "INSERT INTO t(rowid, contents) VALUES ($ordinal, $contents)";
            var ordinal = insert.Parameters.Add("$ordinal", SqliteType.Integer);
            var contents = insert.Parameters.Add("$contents", SqliteType.Text);
            insert.Prepare();
            foreach (var line in File.ReadLines(corpusPath))
            {
                var (number, text) = WorkloadFiles.Parse(line);
                ordinal.Value = number;
                contents.Value = text;
                insert.ExecuteNonQuery();
                documents++;
            }

            transaction.Commit();
        }

        var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        var bytes = (long)Scalar("PRAGMA page_count") * (long)Scalar("PRAGMA page_size");
        return new IndexFigures(documents, elapsed, bytes);
    }

    public void LoadQueries(string queriesPath) => _queries = [.. WorkloadFiles.ReadTexts(queriesPath)];

    public double[] RunPass()
    {
        using var select = SelectCommand(out var match);
        var latencies = new double[_queries.Length];
        for (var i = 0; i < _queries.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            Search(select, match, _queries[i], null);
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        return latencies;
    }

    public long[][] TopDocuments()
    {
        using var select = SelectCommand(out var match);
        var tops = new long[_queries.Length][];
        var top = new List<long>(10);
        for (var i = 0; i < _queries.Length; i++)
        {
            top.Clear();
            Search(select, match, _queries[i], top);
            tops[i] = [.. top];
        }

        return tops;
    }

    public void Dispose() => _connection.Dispose();

    private SqliteCommand SelectCommand(out SqliteParameter match)
    {
        var select = _connection.CreateCommand();
        select.CommandText = "SELECT rowid FROM t WHERE t MATCH $match ORDER BY bm25(t) LIMIT 10";
        match = select.Parameters.Add("$match", SqliteType.Text);
        select.Prepare();
        return select;
    }

    private void Search(SqliteCommand select, SqliteParameter match, string query, List<long>? top)
    {
        // Each word a quoted FTS5 string (quotes doubled), ORed: no word can be read as FTS5 syntax.
        _tokens.Clear();
        Analyzers.Simple.Analyze(query, _tokens);
        _match.Clear();
        foreach (var token in _tokens)
        {
            if (!_stopwords.Contains(token.Term))
            {
                _match.Append(_match.Length == 0 ? "\"" : " OR \"").Append(token.Term.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
        }

        if (_match.Length == 0)
        {
            return;
        }

        match.Value = _match.ToString();
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            top?.Add(reader.GetInt64(0));
        }
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private object Scalar(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() ?? throw new InvalidOperationException($"{sql} returned nothing.");
    }
}
