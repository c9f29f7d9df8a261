using System.Text.RegularExpressions;

namespace OrleansSearch.Deploy.Tests.Infrastructure;

/// <summary>
/// Just enough Dockerfile reading for cross-checks with the chart: stages (FROM ... AS name, a
/// stage built FROM another inherits its settings), and per stage its EXPOSE, USER and HEALTHCHECK.
/// Syntax is dockerfile-utils' job (DockerfileTests).
/// </summary>
internal sealed partial class Dockerfile
{
    private readonly Dictionary<string, Stage> _stages = new(StringComparer.Ordinal);

    private Dockerfile(string path, string text)
    {
        Path = path;
        Text = text;
        Stage? current = null;
        // Join continuation lines so each instruction is one line.
        foreach (string line in Continuation().Replace(text, " ").Split('\n'))
        {
            string trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                continue;
            }
            string[] words = trimmed.Split(' ', 2, StringSplitOptions.TrimEntries);
            string instruction = words[0].ToUpperInvariant();
            string rest = words.Length > 1 ? words[1] : "";
            if (instruction == "FROM")
            {
                var match = FromLine().Match(rest);
                string image = match.Groups["image"].Value;
                string name = match.Groups["name"].Success ? match.Groups["name"].Value : $"#{_stages.Count}";
                current = _stages.TryGetValue(image, out var parent) ? parent.Derive(name, image) : new Stage(name, image);
                _stages[name] = current;
            }
            else if (current is not null)
            {
                current.Instructions.Add((instruction, rest));
                if (instruction == "EXPOSE")
                {
                    foreach (string port in rest.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    {
                        current.Exposed.Add(int.Parse(port.Split('/')[0], System.Globalization.CultureInfo.InvariantCulture));
                    }
                }
                else if (instruction == "USER")
                {
                    current.User = rest;
                }
                else if (instruction == "HEALTHCHECK")
                {
                    current.HealthCheck = rest;
                }
            }
        }
    }

    public string Path { get; }
    public string Text { get; }
    public IReadOnlyDictionary<string, Stage> Stages => _stages;

    public static Dockerfile Load(string name)
    {
        string path = System.IO.Path.Combine(RepoPaths.Docker, name);
        return new Dockerfile(path, File.ReadAllText(path));
    }

    public ISet<int> Exposed(string stage) => _stages[stage].Exposed;

    internal sealed class Stage(string name, string baseImage)
    {
        public string Name { get; } = name;
        /// <summary>The FROM image of the first stage in its chain (a registry image, not a stage).</summary>
        public string BaseImage { get; private init; } = baseImage;
        public HashSet<int> Exposed { get; private init; } = [];
        public string? User { get; set; }
        public string? HealthCheck { get; set; }
        /// <summary>This stage's instructions after those of the stage it is built FROM.</summary>
        public List<(string Instruction, string Arguments)> Instructions { get; private init; } = [];

        public Stage Derive(string childName, string _) => new(childName, BaseImage)
        {
            Exposed = [.. Exposed],
            User = User,
            HealthCheck = HealthCheck,
            Instructions = [.. Instructions],
        };
    }

    [GeneratedRegex(@"\\\r?\n")]
    private static partial Regex Continuation();

    [GeneratedRegex(@"^(--\S+\s+)*(?<image>\S+)(\s+AS\s+(?<name>\S+))?", RegexOptions.IgnoreCase)]
    private static partial Regex FromLine();
}
