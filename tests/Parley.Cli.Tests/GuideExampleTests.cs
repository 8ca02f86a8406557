using System.Text.Json;
using System.Text.RegularExpressions;
using Parley.Cli.Infrastructure;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace Parley.Cli.Tests;

/// <summary>
/// Every YAML snippet of the analysts' guide (docs/guide.md) is valid. Complete examples, marked by a first line
/// <c># guide-example: NAME</c>, are validated by <c>parley validate</c> beside the river-valley briefing, engine
/// sections included, and must give no error and no warning; every other snippet is an excerpt and must appear,
/// line for line, in one of the example scenarios (docs/examples/*.yaml) or in a complete example, which are
/// themselves validated.
/// </summary>
public class GuideExampleTests
{
    private static readonly string GuideFile = Path.Combine(CliRunner.RepositoryRoot, "docs", "guide.md");

    private sealed record Snippet(string Text, int Line, string? Name);

    private static List<Snippet> Snippets()
    {
        var lines = File.ReadAllLines(GuideFile);
        var result = new List<Snippet>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() != "```yaml") continue;
            var start = i + 1;
            var end = start;
            while (end < lines.Length && lines[end].Trim() != "```") end++;
            var text = string.Join("\n", lines[start..end]) + "\n";
            var name = Regex.Match(lines[start], @"^#\s*guide-example:\s*(\S+)\s*$") is { Success: true } m ? m.Groups[1].Value : null;
            result.Add(new Snippet(text, start + 1, name));
            i = end;
        }
        return result;
    }

    /// <summary>Runs <c>parley</c> on the text saved as a file beside a copy of the river-valley briefing.</summary>
    private static (int Code, string Out) RunOnCopy(string text, params string[] command)
    {
        var directory = Directory.CreateTempSubdirectory("parley-guide-").FullName;
        try
        {
            File.Copy(CliRunner.Example("river-valley-briefing.txt"), Path.Combine(directory, "river-valley-briefing.txt"));
            var file = Path.Combine(directory, "example.yaml");
            File.WriteAllText(file, text);
            var (code, output, error) = CliRunner.Run([command[0], file, .. command[1..]]);
            return (code, output + error);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static JsonElement Validate(string text)
    {
        var (_, output) = RunOnCopy(text, "validate", "--format", "json");
        using var json = JsonDocument.Parse(output);
        return json.RootElement.Clone();
    }

    public static TheoryData<string> ExampleNames() => [.. Snippets().Where(s => s.Name is not null).Select(s => s.Name!)];

    [Fact]
    public void The_guide_has_complete_examples_of_both_sections_and_excerpts()
    {
        var snippets = Snippets();
        var complete = snippets.Where(s => s.Name is not null).ToList();
        Assert.Equal(complete.Count, complete.Select(s => s.Name).Distinct().Count());
        Assert.Contains(complete, s => s.Text.Contains("\nconflict:\n", StringComparison.Ordinal));
        Assert.Contains(complete, s => s.Text.Contains("\nspatial:\n", StringComparison.Ordinal));
        Assert.True(snippets.Count - complete.Count >= 10, $"expected the worked examples to quote the example files, found {snippets.Count - complete.Count} excerpts");
    }

    [Theory]
    [MemberData(nameof(ExampleNames))]
    public void A_complete_example_validates_with_no_error_and_no_warning(string name)
    {
        var snippet = Snippets().Single(s => s.Name == name);
        var result = Validate(snippet.Text);
        var diagnostics = result.GetProperty("diagnostics").EnumerateArray().Select(d => d.GetProperty("message").GetString()).ToList();
        Assert.True(result.GetProperty("valid").GetBoolean() && diagnostics.Count == 0,
            $"guide example '{name}' (docs/guide.md line {snippet.Line}):\n" + string.Join("\n", diagnostics));
    }

    [Theory]
    [MemberData(nameof(ExampleNames))]
    public void A_complete_example_runs_through_its_analysis(string name)
    {
        var text = Snippets().Single(s => s.Name == name).Text;
        if (text.Contains("\nconflict:\n", StringComparison.Ordinal))
        {
            var (code, output) = RunOnCopy(text, "stability", "--status-quo", "default");
            Assert.True(code == ExitCodes.Ok, output);
        }
        if (text.Contains("\nspatial:\n", StringComparison.Ordinal))
        {
            var (code, output) = RunOnCopy(text, "forecast", "--no-pivotal");
            Assert.True(code == ExitCodes.Ok, output);
        }
    }

    [Fact]
    public void A_slip_in_a_complete_example_would_be_caught()
    {
        // The check above is only worth something if validation sees the sections: break one statement and one position.
        var text = Snippets().Where(s => s.Name is not null).Select(s => s.Text).ToList();
        var conflict = text.First(t => t.Contains("\nconflict:\n", StringComparison.Ordinal));
        var broken = Regex.Replace(conflict, "statement: \"([a-z_]+)\"", "statement: \"$1x\"");
        Assert.NotEqual(conflict, broken);
        Assert.False(Validate(broken).GetProperty("valid").GetBoolean());
        var spatial = text.First(t => t.Contains("\nspatial:\n", StringComparison.Ordinal));
        var offScale = Regex.Replace(spatial, @"border: 50\b", "border: 150");
        Assert.NotEqual(spatial, offScale);
        Assert.False(Validate(offScale).GetProperty("valid").GetBoolean());
    }

    [Fact]
    public void Every_excerpt_is_valid_yaml_quoted_line_for_line_from_a_validated_scenario()
    {
        var snippets = Snippets();
        var sources = Directory.GetFiles(Path.Combine(CliRunner.RepositoryRoot, "docs", "examples"), "*.yaml")
            .Select(f => (Name: Path.GetFileName(f), Lines: ContentLines(File.ReadAllText(f))))
            .Concat(snippets.Where(s => s.Name is not null).Select(s => (Name: $"guide example {s.Name}", Lines: ContentLines(s.Text))))
            .ToList();
        var failures = new List<string>();
        foreach (var excerpt in snippets.Where(s => s.Name is null))
        {
            try
            {
                new YamlStream().Load(new StringReader(excerpt.Text));
            }
            catch (YamlDotNet.Core.YamlException e)
            {
                failures.Add($"line {excerpt.Line}: not valid YAML: {e.Message}");
                continue;
            }
            var lines = ContentLines(excerpt.Text);
            if (lines.Count == 0 || !sources.Any(s => ContainsRun(s.Lines, lines)))
                failures.Add($"line {excerpt.Line}: not found line for line in docs/examples/*.yaml or a complete guide example:\n{excerpt.Text}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>The lines that carry content: comments and indentation removed (an excerpt is shown less indented than in its file), blank lines dropped.</summary>
    private static List<string> ContentLines(string text) =>
        text.Split('\n').Select(l => StripComment(l).Trim()).Where(l => l.Length > 0).ToList();

    /// <summary>The line without its comment: a '#' at the start or after white space, outside quotes.</summary>
    private static string StripComment(string line)
    {
        char? quote = null;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is not null)
            {
                if (c == quote) quote = null;
            }
            else if (c is '"' or '\'' && (i == 0 || line[i - 1] is ' ' or '[' or '{' or ',' or ':')) quote = c;
            else if (c == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1]))) return line[..i];
        }
        return line;
    }

    private static bool ContainsRun(List<string> haystack, List<string> needle)
    {
        for (var start = 0; start + needle.Count <= haystack.Count; start++)
        {
            var k = 0;
            while (k < needle.Count && haystack[start + k] == needle[k]) k++;
            if (k == needle.Count) return true;
        }
        return false;
    }
}
