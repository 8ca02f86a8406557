using Parley.Core.Diagnostics;
using Parley.Core.Format;
using Parley.Core.Model;

namespace Parley.Core.Tests.Model;

/// <summary>Roles as a scenario spells them, and the armed-group role for non-state armed groups.</summary>
public class PartyRoleTests
{
    private static readonly string RiverValley = File.ReadAllText(TestPaths.RiverValley);

    [Fact]
    public void Every_role_has_one_spelling_that_reads_back()
    {
        var names = Enum.GetValues<PartyRole>().Select(r => r.Name()).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        foreach (var role in Enum.GetValues<PartyRole>())
        {
            Assert.Matches("^[a-z]+(-[a-z]+)*$", role.Name());
            Assert.Equal(role, PartyRoles.Parse(role.Name()));
            Assert.Equal(role, PartyRoles.Parse(role.Name().ToUpperInvariant()));
        }
        Assert.Equal("armed-group", PartyRole.ArmedGroup.Name());
        Assert.Null(PartyRoles.Parse("2")); // an enum's number is not a role
    }

    [Fact]
    public void An_armed_group_is_read_and_must_accept_an_agreement_by_default()
    {
        // Southland becomes a non-state armed group; with no agreement section, both fighting parties must accept.
        var text = RiverValley.Replace("    name: Southland\n    role: belligerent", "    name: Southland\n    role: armed-group")
            .Replace("agreement:\n  required: [N, S]", "");
        Assert.Contains("role: armed-group", text);
        Assert.DoesNotContain("agreement:", text);
        var result = ScenarioLoader.LoadText(text, "variant.yaml", TestPaths.Examples);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Equal(PartyRole.ArmedGroup, result.Scenario!.FindParty("S")!.Role);
        Assert.Equal(["N", "S"], result.Scenario.Agreement.RequiredParties);
    }

    [Fact]
    public void Armed_groups_alone_need_no_agreement_section()
    {
        var text = RiverValley.Replace("role: belligerent", "role: armed-group").Replace("agreement:\n  required: [N, S]", "");
        var result = ScenarioLoader.LoadText(text, "variant.yaml", TestPaths.Examples);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Equal(["N", "S"], result.Scenario!.Agreement.RequiredParties);
    }

    [Fact]
    public void A_misspelt_role_suggests_the_spelling()
    {
        var text = RiverValley.Replace("    name: Southland\n    role: belligerent", "    name: Southland\n    role: armed_group");
        var result = ScenarioLoader.LoadText(text, "variant.yaml", TestPaths.Examples);
        var error = Assert.Single(result.Diagnostics, d => d.Severity == Severity.Error && d.Code == DiagnosticCodes.WrongType);
        Assert.Equal("parties[1].role", error.Path);
        Assert.Contains("did you mean 'armed-group'", error.Message);
        Assert.Contains("belligerent, armed-group, backer, mediator, guarantor, observer", error.Message);
    }
}
