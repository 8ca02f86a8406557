using System.Text.Json;
using Parley.Cli.Infrastructure;
using Xunit;

namespace Parley.Cli.Tests;

/// <summary><c>parley stability --composite</c> and a .gmcr file's coalitions, with verdicts worked by hand.</summary>
public class StabilityCompositeCommandTests
{
    // Prisoner's Dilemma plus an idle third party (so the prisoners can combine). Options: 1 One cooperates, 2 Two
    // cooperates, 3 idle. One's payoff 2·[Two cooperates] + [One defects], Two's symmetric, the idle party indifferent.
    private const string Pd3 = """
        {"program": "gmcr-py", "useManualPreferenceRanking": false, "infeasibles": [],
         "options": [{"name": "One cooperates", "permittedDirection": "both"}, {"name": "Two cooperates", "permittedDirection": "both"},
                     {"name": "idle", "permittedDirection": "both"}],
         "decisionMakers": [
            {"name": "One", "options": [0], "preferences": [[[1, "Y"]], [[0, "N"]]]},
            {"name": "Two", "options": [1], "preferences": [[[0, "Y"]], [[1, "N"]]]},
            {"name": "Idle", "options": [2], "preferences": []}]}
        """;

    private static string Elmira => Path.Combine(CliRunner.RepositoryRoot, "tests", "Parley.Stability.Tests", "TestData", "gmcr", "Elmira_coalition_MoE+UR.gmcr");

    private static int[] Numbers(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    // The composite One+Two prefers a state only if both prisoners gain. From NN (1,1) both gain at YY (2,2): not
    // stable. YN (0,3), NY (3,0) and YY (2,2) have no state better for both. The idle party never improves (all
    // ties), so it is stable everywhere. Composite Nash equilibria: YN, NY, YY with idle off (2, 3, 4) and on (6, 7, 8).
    // Without the composite, Nash has only mutual defection (1 and 5).
    [Fact]
    public void Composite_of_the_two_prisoners_makes_mutual_cooperation_an_equilibrium()
    {
        var path = Path.Combine(Path.GetTempPath(), $"parley-pd3-{Guid.NewGuid():N}.gmcr");
        File.WriteAllText(path, Pd3);
        try
        {
            var (code, output, error) = CliRunner.Run("stability", path, "--composite", "one+two", "--concepts", "Nash", "--format", "json");
            Assert.True(code == ExitCodes.Ok, error);
            var json = JsonDocument.Parse(output).RootElement.GetProperty("result");
            Assert.Equal([1, 5], Numbers(json.GetProperty("equilibria").GetProperty("Nash")));
            var composite = json.GetProperty("composite");
            Assert.Equal("requested", composite.GetProperty("source").GetString());
            Assert.Equal(["One+Two", "Idle"], composite.GetProperty("decisionMakers").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal([2, 3, 4, 6, 7, 8], Numbers(composite.GetProperty("equilibria").GetProperty("Nash")));
            Assert.Equal(Enumerable.Range(1, 8), Numbers(composite.GetProperty("stable").GetProperty("Nash").GetProperty("Idle")));

            var (tableCode, table, _) = CliRunner.Run("stability", path, "--composite", "One+Two", "--concepts", "Nash");
            Assert.Equal(ExitCodes.Ok, tableCode);
            Assert.Contains("Composite decision makers (--composite): One+Two, Idle", table);

            Assert.Equal(ExitCodes.UnknownName, CliRunner.Run("stability", path, "--composite", "One+Tow").ExitCode);
            Assert.Equal(ExitCodes.Usage, CliRunner.Run("stability", path, "--composite", "One").ExitCode);
            var (allCode, _, allError) = CliRunner.Run("stability", path, "--composite", "One+Two+Idle");
            Assert.Equal(ExitCodes.AnalysisFailed, allCode);
            Assert.Contains("no opponent", allError);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_gmcr_files_coalitions_are_analysed_as_composites_and_named()
    {
        var (code, output, error) = CliRunner.Run("stability", Elmira, "--concepts", "Nash", "--format", "json");
        Assert.True(code == ExitCodes.Ok, error);
        var composite = JsonDocument.Parse(output).RootElement.GetProperty("result").GetProperty("composite");
        Assert.Equal("gmcr coalitions", composite.GetProperty("source").GetString());
        Assert.Equal(["MoE+Uniroyal", "Local Government"], composite.GetProperty("decisionMakers").EnumerateArray().Select(e => e.GetString()));
        var (mdCode, markdown, _) = CliRunner.Run("stability", Elmira, "--concepts", "Nash", "--format", "markdown");
        Assert.Equal(ExitCodes.Ok, mdCode);
        Assert.Contains("Composite decision makers (the file's gmcr-py coalitions): MoE+Uniroyal, Local Government", markdown);
    }
}
