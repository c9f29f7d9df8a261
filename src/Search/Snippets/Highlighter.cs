using OrleansSearch.Search.Indexing;
using OrleansSearch.Search.Query;
using OrleansSearch.Search.Schema;

namespace OrleansSearch.Search.Snippets;

/// <summary>Makes the snippets of the highlighted fields of one search: the query terms of each field, then one <see cref="SnippetBuilder"/> pass per hit.</summary>
internal sealed class Highlighter
{
    private readonly SnippetBuilder _builder = new();
    private readonly List<(TextFieldIndex Field, HashSet<string> Terms)> _fields = [];
    private readonly HighlightOptions _options;

    public Highlighter(ShardIndex index, QueryPlan plan, HighlightOptions options)
    {
        options.Validate();
        _options = options;
        var names = options.Fields.Count > 0 ? options.Fields : StoredTextFieldNames(index.Schema);
        foreach (var name in names)
        {
            var field = index.Schema.GetField(name, FieldType.Text, "highlighting");
            if (!field.Stored)
            {
                throw new ArgumentException($"Field '{name}' is not stored, so it has no text to highlight; declare it with stored: true.", nameof(options));
            }

            var terms = new HashSet<string>(StringComparer.Ordinal);
            for (var leaf = 0; leaf < plan.Leaves.Count; leaf++)
            {
                if (plan.Leaves[leaf].Field != field || plan.MustNot.Contains(leaf))
                {
                    continue;
                }

                switch (plan.Leaves[leaf])
                {
                    case TermLeaf term:
                        terms.Add(term.Term);
                        break;
                    case PhraseLeaf phrase:
                        terms.UnionWith(phrase.Terms);
                        break;
                }
            }

            _fields.Add((index.TextFieldOf(field), terms));
        }
    }

    public Dictionary<string, string>? Snippets(int ordinal)
    {
        Dictionary<string, string>? snippets = null;
        foreach (var (field, terms) in _fields)
        {
            if (terms.Count > 0 && field.StoredText(ordinal) is { } text && _builder.Build(text, field.Field.Analyzer!, terms, _options) is { } snippet)
            {
                (snippets ??= new Dictionary<string, string>(StringComparer.Ordinal))[field.Field.Name] = snippet;
            }
        }

        return snippets;
    }

    private static List<string> StoredTextFieldNames(IndexSchema schema)
    {
        var names = new List<string>();
        foreach (var field in schema.TextFields)
        {
            if (field.Stored)
            {
                names.Add(field.Name);
            }
        }

        return names;
    }
}
