namespace OrleansSearch.Gateway.Bench;

/// <summary>One search of the fixed workload: keyword query text and, for some, a filter on the package's section.</summary>
internal sealed record BenchQuery(string Text, string? Section = null)
{
    /// <summary>
    /// What someone looking for a Debian package types: one to three words from the catalog's own vocabulary,
    /// a quarter of them narrowed to a section. Every scenario runs exactly this list.
    /// </summary>
    public static readonly IReadOnlyList<BenchQuery> Workload =
    [
        new("python"),
        new("image editor"),
        new("web server"),
        new("pdf viewer"),
        new("text editor"),
        new("network monitoring tool"),
        new("audio player"),
        new("compiler"),
        new("database client"),
        new("xml parser"),
        new("terminal emulator"),
        new("ssh"),
        new("backup"),
        new("firewall"),
        new("chess"),
        new("fonts"),
        new("latex"),
        new("email client"),
        new("bittorrent"),
        new("password manager"),
        new("video converter"),
        new("http library"),
        new("json"),
        new("kernel modules"),
        new("rust"),
        new("java"),
        new("perl module"),
        new("scientific plotting"),
        new("dns"),
        new("music"),
        new("library", "python"),
        new("editor", "editors"),
        new("server", "net"),
        new("strategy game", "games"),
        new("viewer", "graphics"),
        new("plot", "science"),
        new("documentation", "doc"),
        new("shell", "utils"),
        new("mail", "mail"),
        new("debugger", "devel"),
    ];
}
