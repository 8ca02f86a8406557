using System.Text.Json;
using Parley.Cli.Infrastructure;
using Xunit;

namespace Parley.Cli.Tests;

/// <summary>
/// <c>parley validate</c> on broken variants of the second example, whose engine sections (conflict, spatial) are
/// checked too: each single slip must give exactly one error, at its path, with no trail of errors downstream.
/// </summary>
public class ValidateCascadeTests
{
    private static readonly string Original = File.ReadAllText(CliRunner.Example("tasovar-enclave.yaml"));

    /// <summary>The errors <c>parley validate --format json</c> reports for the example with one text replaced (beside its briefing, so quotes are checked).</summary>
    private static List<(string Code, string Path)> Errors(string find, string replace)
    {
        Assert.Contains(find, Original);
        var directory = Directory.CreateTempSubdirectory("parley-cascade-").FullName;
        try
        {
            File.Copy(CliRunner.Example("tasovar-enclave-briefing.txt"), Path.Combine(directory, "tasovar-enclave-briefing.txt"));
            var file = Path.Combine(directory, "variant.yaml");
            File.WriteAllText(file, Original.Replace(find, replace));
            var (code, output, _) = CliRunner.Run("validate", file, "--format", "json");
            Assert.Equal(ExitCodes.InvalidScenario, code);
            using var json = JsonDocument.Parse(output);
            return json.RootElement.GetProperty("diagnostics").EnumerateArray()
                .Where(d => d.GetProperty("severity").GetString() == "error")
                .Select(d => (d.GetProperty("code").GetString()!, d.GetProperty("path").GetString()!)).ToList();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    public static TheoryData<string, string, string, string> Variants => new()
    {
        // A decision maker under a misspelt party id: its options are still known to every statement naming them.
        { "    HV:\n      options:\n        hv_deploy:", "    HW:\n      options:\n        hv_deploy:", "unknown-reference", "conflict.decision_makers.HW" },
        // The same for Dovrania, whose ranking comes from its bargaining preferences: no second complaint that 'DVV' has none.
        { "    DV:\n      options:\n        dv_withdraw:", "    DVV:\n      options:\n        dv_withdraw:", "unknown-reference", "conflict.decision_makers.DVV" },
        // A misspelt option in one statement.
        { "statement: \"hv_deploy\"", "statement: \"hv_deplo\"", "unknown-reference", "conflict.decision_makers.KR.priorities[2].statement" },
        // A spatial actor under a misspelt party id, and a misspelt dimension in an actor's positions.
        { "    CU:\n      capability:", "    CX:\n      capability:", "unknown-reference", "spatial.actors.CX" },
        { "        security: {value: 10, range: [0, 20]", "        securty: {value: 10, range: [0, 20]", "unknown-reference", "spatial.actors.CU.positions.securty" },
        // A misspelt role in the core: the engine sections are not read then, and nothing else is reported.
        { "    name: Halvoria\n    role: guarantor", "    name: Halvoria\n    role: guarantee", "wrong-type", "parties[4].role" },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void One_slip_gives_exactly_one_error(string find, string replace, string code, string path)
    {
        var error = Assert.Single(Errors(find, replace));
        Assert.Equal((code, path), error);
    }
}
