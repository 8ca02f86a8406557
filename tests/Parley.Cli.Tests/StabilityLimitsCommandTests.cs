using Parley.Cli.Commands;
using Parley.Cli.Infrastructure;
using Parley.Stability.Analysis;
using Parley.Stability.Engine;
using Xunit;

namespace Parley.Cli.Tests;

/// <summary>
/// <c>parley stability</c>'s resource options and large-output paths: <c>--threads</c>, the streamed JSON (the same
/// document as the in-memory one) and the plain table written for many rows.
/// </summary>
public class StabilityLimitsCommandTests
{
    private static string Sample(string name) => Path.Combine(CliRunner.RepositoryRoot, "tests", "Parley.Stability.Tests", "TestData", "gmcr", name);

    [Theory]
    [InlineData("table")]
    [InlineData("json")]
    [InlineData("csv")]
    public void One_thread_prints_what_every_core_prints(string format)
    {
        var all = CliRunner.Run("stability", "--gmcr", Sample("Elmira.gmcr"), "--format", format);
        var one = CliRunner.Run("stability", "--gmcr", Sample("Elmira.gmcr"), "--format", format, "--threads", "1");
        Assert.Equal(ExitCodes.Ok, one.ExitCode);
        Assert.Equal(all.Out, one.Out);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    public void Threads_below_one_are_wrong_usage(string threads)
    {
        var (code, _, error) = CliRunner.Run("stability", "--threads", threads);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--threads", error);
    }

    [Theory]
    [InlineData("Elmira.gmcr", new string[0])]
    [InlineData("SI_misp.gmcr", new[] { "--status-quo", "1", "--explain", "2" })]
    [InlineData("Prisoners.gmcr", new[] { "--horizon", "2", "--non-myopic", "--coalition", "Prisoner One+prisoner 2" })]
    public void The_streamed_json_is_the_document_built_in_memory(string file, string[] extra)
    {
        var (code, output, error) = CliRunner.Run(["stability", "--gmcr", Sample(file), "--format", "json", .. extra]);
        Assert.True(code == ExitCodes.Ok, error);
        Assert.Equal(InMemoryJson(file, extra), output.TrimEnd());
    }

    [Fact]
    public void The_streamed_json_of_the_built_in_scenario_is_the_document_built_in_memory()
    {
        var (code, output, _) = CliRunner.Run("stability", "--format", "json", "--status-quo", "default");
        Assert.Equal(ExitCodes.Ok, code);
        var console = new Spectre.Console.Testing.TestConsole();
        var context = new CliContext(console, new StringWriter(), false);
        var settings = new StabilitySettings { StatusQuo = "default" };
        Assert.Equal(Build(settings, context).Json().ToJsonString(StabilityCommand.JsonOptions), output.TrimEnd());
    }

    private static string InMemoryJson(string file, string[] extra)
    {
        var context = new CliContext(new Spectre.Console.Testing.TestConsole(), new StringWriter(), false);
        var settings = new StabilitySettings
        {
            Gmcr = Sample(file),
            StatusQuo = Value(extra, "--status-quo"),
            Explain = Value(extra, "--explain"),
            Horizon = Value(extra, "--horizon") is { } h ? int.Parse(h) : null,
            NonMyopic = extra.Contains("--non-myopic"),
            Coalitions = Value(extra, "--coalition") is { } c ? [c] : [],
        };
        return Build(settings, context).Json().ToJsonString(StabilityCommand.JsonOptions);
    }

    private static string? Value(string[] args, string option) => Array.IndexOf(args, option) is var i and >= 0 ? args[i + 1] : null;

    private static StabilityView Build(StabilitySettings settings, CliContext context) => StabilityCommand.View(settings, context, CancellationToken.None);

    [Fact]
    public void A_table_of_many_rows_is_written_as_plain_lines_with_the_same_marks()
    {
        // Elmira has 9 states: --all-states with a plain-row threshold below that takes the plain path.
        var rich = CliRunner.Run("stability", "--gmcr", Sample("Elmira.gmcr"), "--all-states");
        var view = Build(new StabilitySettings { Gmcr = Sample("Elmira.gmcr"), AllStates = true },
            new CliContext(new Spectre.Console.Testing.TestConsole(), new StringWriter(), false));
        var plain = new StringWriter();
        view.WritePlainRows(plain, Enumerable.Range(0, 9));
        var lines = plain.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(10, lines.Length);
        Assert.StartsWith("state", lines[0].Trim());
        foreach (var concept in new[] { "Nash", "GMR", "SMR", "SEQ", "SIM", "SEQ+SIM" }) Assert.Contains(concept, lines[0]);
        // Every state's row carries the same marks as the rich table's row.
        for (var s = 1; s <= 9; s++)
        {
            var fields = lines[s].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(s.ToString(), fields[0]);
            var richRow = rich.Out.Split('\n').First(l => l.Split('│', StringSplitOptions.TrimEntries) is { Length: > 2 } cells && cells[1] == s.ToString());
            var richCells = richRow.Split('│', StringSplitOptions.TrimEntries);
            Assert.Equal(richCells[2], fields[1]);
            Assert.Contains(string.Join(" ", richCells[4..10].Select(c => c.Replace(" E", "E"))), string.Join(" ", lines[s].Replace(" E", "E").Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        }
        Assert.True(StabilityView.PlainTableRows <= 1000);
    }
}
