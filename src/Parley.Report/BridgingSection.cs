using Parley.Bargaining;
using Parley.Core.Evaluation;
using Parley.Core.Model;
using static Parley.Report.Html;

namespace Parley.Report;

/// <summary>A proposal that not every required party accepts, with the bridges to the zone of agreement.</summary>
public sealed record ProposalBridge(Proposal Proposal, ProposalEvaluation Evaluation, BridgingResult Result);

public static partial class MediatorReport
{
    /// <summary>Bridges for every proposal that is not accepted by all required parties (needs at least one required party).</summary>
    public static IReadOnlyList<ProposalBridge> FindBridges(UtilityModel model, CancellationToken cancellation = default)
    {
        if (model.Required.Count == 0) return [];
        var problem = new BargainingProblem(model);
        return model.Scenario.Proposals
            .Select(p => (Proposal: p, Evaluation: ProposalEvaluator.Evaluate(model, p)))
            .Where(x => !x.Evaluation.AcceptedByAllRequired)
            .Select(x => new ProposalBridge(x.Proposal, x.Evaluation, Bridging.Find(problem, x.Proposal, cancellation)))
            .ToList();
    }

    private static void BridgingProposals(Html h, ReportData data)
    {
        var s = data.Scenario;
        h.Open("section", id: "bridging").Tag("h2", "Bridging proposals");
        h.Raw("<p>For each proposal that not every required party accepts: the nearest package inside the zone of agreement. ")
            .Raw("<i>Fewest changes</i> moves the fewest issues the proposal settles (issues it leaves open are settled freely), and among those maximises the Nash product; ")
            .Raw("<i>least cost to the author</i> is the acceptable package the proposing party values most (when the author is a party with preferences), and among those the one with the fewest changes. ")
            .Raw("Utilities rest on <span class=\"estimate\">estimates</span> at their central values.</p>");
        if (data.Model.Required.Count == 0) h.Tag("p", "The scenario names no required party, so there is nothing to bridge to.");
        else if (data.Bridges.Count == 0) h.Tag("p", "Every proposal is accepted by all required parties; no bridge is needed.");
        foreach (var b in data.Bridges)
        {
            h.Open("div", "proposal bridge");
            h.Raw($"<h3>{E(b.Proposal.Name)} <code>{E(b.Proposal.Id)}</code></h3>");
            var status = b.Evaluation.Overall == Verdict.Reject
                ? $"rejected by {string.Join(", ", b.Evaluation.Blockers.Select(v => v.Party.Id))}"
                : "accepted by every required party only for some ways of settling its open issues, so the bridge settles them";
            h.Raw($"<p>Terms: {E(Package.FromTerms(s, b.Proposal.Terms).Describe(s))}; {E(status)}.</p>");
            if (b.Result.FewestChanges is null)
            {
                h.Raw($"<p class=\"note\">No bridge: {E(b.Result.Note)}.</p>").Close("div");
                continue;
            }
            BridgeTable(h, s, "Fewest changes", b.Result.FewestChanges, null);
            if (b.Result.LeastCostToAuthor is { } authorBridge)
                BridgeTable(h, s, $"Least cost to the author ({b.Result.AuthorPartyId})", authorBridge,
                    $"Cost to {b.Result.AuthorPartyId}: {N(b.Result.AuthorCost ?? double.NaN)} of utility below its best completion of its own proposal.");
            else
                h.Raw($"<p class=\"note\">No least-cost-to-author bridge: {E(b.Result.Note ?? "the author is no party with preferences")}.</p>");
            h.Close("div");
        }
        h.Close("section");
    }

    private static void BridgeTable(Html h, Scenario s, string title, Bridge bridge, string? note)
    {
        h.Raw($"<h4>{E(title)}: {bridge.ChangeCount} issue{(bridge.ChangeCount == 1 ? "" : "s")} moved</h4>");
        var rows = bridge.Changes.Select(m => new[] { "moved", $"<code>{E(s.Issues[m.Issue].Id)}</code> {E(s.Issues[m.Issue].Name)}", E(s.Issues[m.Issue].Options[m.From!.Value].Label), $"<b>{E(s.Issues[m.Issue].Options[m.To].Label)}</b>" })
            .Concat(bridge.Settled.Select(m => new[] { "settled", $"<code>{E(s.Issues[m.Issue].Id)}</code> {E(s.Issues[m.Issue].Name)}", "<i>open</i>", E(s.Issues[m.Issue].Options[m.To].Label) }))
            .ToList();
        if (rows.Count > 0) h.Table(["", "issue", "proposal", "bridge"], rows, "bridge-moves");
        else h.Tag("p", "The proposal's own terms are already acceptable.");
        h.Raw($"<p class=\"note\">Bridge package: {E(new Package(bridge.Package).Describe(s))}. ")
            .Raw(bridge.EquallyGoodPackages > 1 ? $"{Count((double)bridge.EquallyGoodPackages)} packages are equally good by this criterion; one is shown." : "").Raw("</p>");
        h.Table(["party", "utility under the proposal", "under the bridge", "gains / loses"], bridge.Shifts.Select(x => new[]
        {
            E(x.PartyId) + (x.Required ? " *" : ""),
            E(x.ProposalMax - x.ProposalMin < 1e-12 ? N(x.ProposalMin) : $"{N(x.ProposalMin)}–{N(x.ProposalMax)}"),
            E(N(x.Bridge)),
            x.Gain > 1e-12 ? $"<span class=\"accept\">gains {E(N(x.Gain))}</span>" : x.Gain < -1e-12 ? $"<span class=\"reject\">loses {E(N(-x.Gain))}</span>" : "within the proposal's range",
        }), "bridge-shifts");
        if (note is not null) h.Raw($"<p>{E(note)}</p>");
    }
}
