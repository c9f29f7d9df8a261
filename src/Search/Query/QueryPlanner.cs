using OrleansSearch.Search.Analysis;
using OrleansSearch.Search.Schema;

namespace OrleansSearch.Search.Query;

/// <summary>
/// Turns parsed clauses into a <see cref="QueryPlan"/>: text goes through the field's analyzer
/// (a clause without field name expands to every text field, with the field boosts), keyword
/// fields match exactly, other field types are rejected with a pointer to filters.
/// </summary>
internal static class QueryPlanner
{
    public static QueryPlan Plan(IndexSchema schema, List<QueryClause> clauses, int maxClauses)
    {
        var leaves = new List<QueryLeaf>();
        var mustGroups = new List<int[]>();
        var should = new List<int>();
        var mustNot = new List<int>();
        var shouldTermIndex = new Dictionary<(string Field, string Term), int>();
        var tokens = new List<Token>();
        var group = new List<int>();
        var hasPositive = false;
        foreach (var clause in clauses)
        {
            hasPositive |= clause.Occur != Occur.MustNot;
            group.Clear();
            if (clause.Field is null)
            {
                foreach (var field in schema.TextFields)
                {
                    AddTextLeaves(field, clause, tokens, leaves, group, shouldTermIndex);
                }
            }
            else
            {
                if (!schema.TryGetField(clause.Field, out var field))
                {
                    throw new QueryParseException(clause.Position, $"unknown field '{clause.Field}'; the schema has: {string.Join(", ", FieldNames(schema))}.");
                }

                switch (field.Type)
                {
                    case FieldType.Text:
                        AddTextLeaves(field, clause, tokens, leaves, group, shouldTermIndex);
                        break;
                    case FieldType.Keyword:
                        group.Add(leaves.Count);
                        leaves.Add(new KeywordLeaf(field, clause.Text, 1d));
                        break;
                    default:
                        throw new QueryParseException(clause.Position, $"field '{field.Name}' is a {field.Type} field; query it with a range filter, not field:value.");
                }
            }

            if (leaves.Count > maxClauses)
            {
                throw new QueryParseException(clause.Position, $"the query expands to more than {maxClauses} clauses (terms × fields); that is the limit.");
            }

            if (group.Count == 0)
            {
                continue;
            }

            switch (clause.Occur)
            {
                case Occur.Must:
                    mustGroups.Add([.. group]);
                    break;
                case Occur.MustNot:
                    mustNot.AddRange(group);
                    break;
                default:
                    should.AddRange(group);
                    break;
            }
        }

        if (clauses.Count > 0 && !hasPositive)
        {
            throw new QueryParseException(0, "the query only excludes (every clause starts with '-'); add a word or phrase to search for.");
        }

        return new QueryPlan(leaves, mustGroups, should, mustNot);
    }

    /// <summary>
    /// Adds the leaves of one clause on one text field to <paramref name="group"/>. Optional words
    /// become one term leaf per token (a repeated optional term adds its boost instead of a second
    /// leaf, as bag-of-words retrieval does); quoted text, and a required or excluded word that
    /// analyzes to several tokens ("covid-19"), become a phrase.
    /// </summary>
    private static void AddTextLeaves(
        FieldDefinition field,
        QueryClause clause,
        List<Token> tokens,
        List<QueryLeaf> leaves,
        List<int> group,
        Dictionary<(string Field, string Term), int> shouldTermIndex)
    {
        tokens.Clear();
        field.Analyzer!.Analyze(clause.Text, tokens);
        if (tokens.Count == 0)
        {
            return;
        }

        if (tokens.Count == 1 || (!clause.IsPhrase && clause.Occur == Occur.Should))
        {
            foreach (var token in tokens)
            {
                if (clause.Occur == Occur.Should && shouldTermIndex.TryGetValue((field.Name, token.Term), out var existing))
                {
                    var leaf = (TermLeaf)leaves[existing];
                    leaves[existing] = leaf with { Boost = leaf.Boost + field.Boost };
                    continue;
                }

                if (clause.Occur == Occur.Should)
                {
                    shouldTermIndex.Add((field.Name, token.Term), leaves.Count);
                }

                group.Add(leaves.Count);
                leaves.Add(new TermLeaf(field, token.Term, field.Boost));
            }

            return;
        }

        var terms = new string[tokens.Count];
        var offsets = new int[tokens.Count];
        var first = tokens[0].Position;
        for (var i = 0; i < tokens.Count; i++)
        {
            terms[i] = tokens[i].Term;
            offsets[i] = tokens[i].Position - first;
        }

        group.Add(leaves.Count);
        leaves.Add(new PhraseLeaf(field, terms, offsets, field.Boost));
    }

    private static IEnumerable<string> FieldNames(IndexSchema schema)
    {
        foreach (var field in schema.Fields)
        {
            yield return field.Name;
        }
    }
}
