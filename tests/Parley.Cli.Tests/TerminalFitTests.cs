using Parley.Cli.Infrastructure;
using Parley.Core.Format;
using Parley.Core.Model;
using Xunit;

namespace Parley.Cli.Tests;

/// <summary>
/// Output that fits a terminal: at 80 and 120 columns no line is wider than the terminal and no identifier of the
/// scenario (party, issue, option or proposal id) is broken across two lines of a table cell.
/// </summary>
public class TerminalFitTests
{
    public static TheoryData<int, string[]> Commands()
    {
        var data = new TheoryData<int, string[]>();
        foreach (var width in new[] { 80, 120 })
        {
            data.Add(width, ["analyze"]);
            data.Add(width, ["analyze", CliRunner.Example("river-valley.yaml")]);
            data.Add(width, ["analyze", CliRunner.Example("tasovar-enclave.yaml")]);
            data.Add(width, ["brief"]);
            data.Add(width, ["brief", CliRunner.Example("river-valley.yaml")]);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void No_identifier_is_split_and_no_line_is_too_wide(int width, string[] args)
    {
        var (code, output, error) = CliRunner.RunAt(width, args);
        Assert.True(code == ExitCodes.Ok, error);
        var scenario = args.Length > 1 ? ScenarioLoader.LoadFile(args[1]).GetOrThrow() : BuiltInScenarios.Load("ukraine-2022").GetOrThrow();
        var lines = output.Replace("\r", "").Split('\n');
        Assert.All(lines, line => Assert.True(new Spectre.Console.Rendering.Segment(line).CellCount() <= width, $"wider than {width}: {line}"));
        foreach (var id in Identifiers(scenario))
            if (SplitAt(lines, id) is { } at)
                Assert.Fail($"'{id}' is split across lines {at + 1} and {at + 2} at {width} columns:\n{lines[at]}\n{lines[at + 1]}");
    }

    private static IEnumerable<string> Identifiers(Scenario scenario) =>
        scenario.Parties.Select(p => p.Id)
            .Concat(scenario.Issues.Select(i => i.Id))
            .Concat(scenario.Issues.SelectMany(i => i.Options.Select(o => o.Id)))
            .Concat(scenario.Proposals.Select(p => p.Id))
            .Where(id => id.Length >= 3).Distinct();

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '-' or '_' or '.';

    /// <summary>
    /// The line where <paramref name="id"/> starts and is continued, at the same column, on the next line (a cell that
    /// wrapped inside the identifier); null when it never is.
    /// </summary>
    internal static int? SplitAt(IReadOnlyList<string> lines, string id)
    {
        for (var i = 0; i + 1 < lines.Count; i++)
            for (var k = 1; k < id.Length; k++)
            {
                var head = id[..k];
                var tail = id[k..];
                for (var j = lines[i].IndexOf(head, StringComparison.Ordinal); j >= 0; j = lines[i].IndexOf(head, j + 1, StringComparison.Ordinal))
                {
                    var end = j + head.Length;
                    var startsWord = j == 0 || !IsWordChar(lines[i][j - 1]);
                    var endsCell = end == lines[i].Length || !IsWordChar(lines[i][end]);
                    if (!startsWord || !endsCell) continue;
                    // A wrapped cell continues at the start of the same cell on the next line: the tail must start a cell
                    // there (only spaces between it and a border or the line's start), at or left of where the head began.
                    var next = lines[i + 1];
                    for (var p = next.IndexOf(tail, StringComparison.Ordinal); p >= 0 && p <= j; p = next.IndexOf(tail, p + 1, StringComparison.Ordinal))
                    {
                        if (p + tail.Length < next.Length && IsWordChar(next[p + tail.Length])) continue;
                        var b = p - 1;
                        while (b >= 0 && next[b] == ' ') b--;
                        if (b < 0 || next[b] is '│' or '|' or '┃') return i;
                    }
                }
            }
        return null;
    }

    [Fact]
    public void The_split_detector_finds_a_split_identifier_and_accepts_a_whole_one()
    {
        string[] split = ["│ move alignment → non-ali │", "│ gned-guaranteed         │"];
        Assert.Equal(0, SplitAt(split, "non-aligned-guaranteed"));
        string[] whole = ["│ move alignment →        │", "│ non-aligned-guaranteed  │"];
        Assert.Null(SplitAt(whole, "non-aligned-guaranteed"));
    }
}
