using Parley.Cli.Commands;
using Parley.Cli.Infrastructure;
using Parley.Analysis.Analyses;
using Parley.Analysis.Contracts;
using Parley.Analysis.Json;
using Parley.Stability.Gmcr;
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
    public void The_streamed_json_is_the_document_serialized_in_memory(string file, string[] extra)
    {
        var (code, output, error) = CliRunner.Run(["stability", "--gmcr", Sample(file), "--format", "json", .. extra]);
        Assert.True(code == ExitCodes.Ok, error);
        var contract = new StabilityAnalysisContract();
        var input = ConflictInput.FromGmcr(file, GmcrFile.Load(Sample(file)));
        var options = new AnalysisOptions
        {
            StatusQuo = Value(extra, "--status-quo"),
            Explain = Value(extra, "--explain"),
            Horizon = Value(extra, "--horizon") is { } h ? int.Parse(h) : null,
            NonMyopic = extra.Contains("--non-myopic"),
            Coalitions = Value(extra, "--coalition") is { } c ? [c] : null,
            AllStates = true,
        };
        Assert.Equal(ResultJson.Serialize(contract.Document(input, contract.Compute(input, options))), output.TrimEnd());
    }

    [Fact]
    public void The_streamed_json_of_the_built_in_scenario_is_the_contracts_document()
    {
        var (code, output, _) = CliRunner.Run("stability", "--format", "json", "--status-quo", "default");
        Assert.Equal(ExitCodes.Ok, code);
        var scenario = Parley.Core.Format.BuiltInScenarios.Load("ukraine-2022").Scenario!;
        var document = new StabilityAnalysisContract().Run(scenario, new AnalysisOptions { StatusQuo = "default", AllStates = true });
        Assert.Equal(ResultJson.Serialize(document), output.TrimEnd());
    }

    private static string? Value(string[] args, string option) => Array.IndexOf(args, option) is var i and >= 0 ? args[i + 1] : null;

    private static StabilityView Build(StabilitySettings settings, CliContext context) =>
        new(StabilityCommand.Analyse(settings, context, CancellationToken.None).Result);

    [Fact]
    public void A_table_of_many_rows_is_written_as_plain_lines_with_the_same_marks()
    {
        // Elmira has 12 feasible states; the plain writer is called directly, as it is above the plain-row threshold.
        var rich = CliRunner.Run("stability", "--gmcr", Sample("Elmira.gmcr"), "--all-states");
        var view = Build(new StabilitySettings { Gmcr = Sample("Elmira.gmcr"), AllStates = true },
            new CliContext(new Spectre.Console.Testing.TestConsole(), new StringWriter(), false));
        var plain = new StringWriter();
        view.WritePlainRows(plain);
        var lines = plain.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(13, lines.Length);
        Assert.StartsWith("state", lines[0].Trim());
        foreach (var concept in new[] { "Nash", "GMR", "SMR", "SEQ", "SIM", "SEQ+SIM" }) Assert.Contains(concept, lines[0]);
        // Every state's row carries the same marks as the rich table's row.
        for (var s = 1; s <= 12; s++)
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
