using System.Text;

namespace Parley.Bargaining.Genius;

/// <summary>Turns Genius names ("External Monitor", "19'' LCD") into unique Parley identifiers.</summary>
internal sealed class GeniusIds
{
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public string Make(string name, string fallback, bool lowerCase = true)
    {
        var builder = new StringBuilder();
        foreach (var c in name.Trim())
        {
            var ch = lowerCase ? char.ToLowerInvariant(c) : c;
            if (ch is >= 'a' and <= 'z' or >= '0' and <= '9' || (!lowerCase && ch is >= 'A' and <= 'Z') || ch == '_') builder.Append(ch);
            else if (builder.Length > 0 && builder[^1] != '-') builder.Append('-');
        }
        var id = builder.ToString().Trim('-');
        if (id.Length == 0 || !char.IsAsciiLetterOrDigit(id[0])) id = fallback + (id.Length == 0 ? "" : "-" + id);
        var unique = id;
        for (var n = 2; !_used.Add(unique); n++) unique = $"{id}-{n}";
        return unique;
    }
}
