using Parley.Analysis.Results;
using Parley.Analysis.Text;
using Parley.Core.Model;

namespace Parley.Analysis.Brief;

/// <summary>The results a brief is composed from; every part but the bargaining result is optional.</summary>
public sealed record BriefInputs(BargainingResult Bargaining);

/// <summary>Writes the brief from analysis results and the scenario's evidence (citations, estimates); never runs an engine.</summary>
public static class BriefComposer
{
    /// <summary>How many proposals a sentence names before it says "and N more".</summary>
    private const int NamedInSentence = 4;

    public static BriefResult Compose(Scenario scenario, BriefInputs inputs)
    {
        var b = inputs.Bargaining;
        var sections = new List<BriefSection> { Proposals(scenario, b) };
        if (BestPackage(scenario, b) is { } best) sections.Add(best);
        return new BriefResult(b.Title, BottomLine(scenario, b), sections, ["bargaining"]);
    }

    private static string Parties(IReadOnlyList<string> ids) =>
        ids.Count switch { 0 => "no party", 1 => ids[0], _ => string.Join(", ", ids.Take(ids.Count - 1)) + " and " + ids[^1] };

    private static BriefPoint BottomLine(Scenario scenario, BargainingResult b)
    {
        var zone = b.Zone;
        var required = Parties(b.Required);
        var evidence = new List<BriefEvidence> { BriefEvidence.Computed(zone.Exact ? "bargaining: zone, exact count" : "bargaining: zone, estimated from samples") };
        evidence.AddRange(b.Required.Select(id => Reservation(scenario, id)).OfType<BriefEvidence>());
        var counted = zone.Exact ? $"{Fmt.Count(zone.Acceptable)} of {Fmt.Count(zone.Packages)}" : $"about {Fmt.Count(zone.Acceptable)} of {Fmt.Count(zone.Packages)}";
        var text = zone.Acceptable > 0
            ? $"There is room for agreement now: {counted} complete packages ({Fmt.Percent(zone.Share)}) bring each of {required} more than continuing the conflict, as the scenario's estimates stand."
            : $"There is no room for agreement now: no complete package brings each of {required} more than continuing the conflict, as the scenario's estimates stand.";
        return new BriefPoint(text, evidence);
    }

    /// <summary>A party's reservation value as evidence: cited, or an estimate with its range and reason.</summary>
    private static BriefEvidence? Reservation(Scenario scenario, string party)
    {
        if (!scenario.Preferences.TryGetValue(party, out var preferences)) return null;
        var q = preferences.Reservation;
        var range = q.Range is { } r ? $" (range {Fmt.Num(r.Low)}–{Fmt.Num(r.High)})" : "";
        var reason = q.Provenance.Rationale is { } why ? $": {why}" : "";
        if (q.Provenance.Citations.Count > 0)
        {
            var c = q.Provenance.Citations[0];
            return new BriefEvidence("citation", $"{party}'s alternative to agreement, {Fmt.Num(q.Value)}{range}: “{c.Quote}”", c.SourceId);
        }
        return new BriefEvidence(q.IsEstimate ? "estimate" : "assumption", $"{party}'s alternative to agreement, {Fmt.Num(q.Value)}{range}{reason}");
    }

    private static BriefSection Proposals(Scenario scenario, BargainingResult b)
    {
        var points = new List<BriefPoint>();
        var steps = b.ToAgreement.ToDictionary(s => s.Proposal);
        var passing = b.Proposals.Where(p => p.Overall == "accept").ToList();
        var blocked = b.Proposals.Where(p => p.Blockers.Count > 0).ToList();
        var open = b.Proposals.Where(p => p.Overall != "accept" && p.Blockers.Count == 0).ToList();

        if (b.Proposals.Count == 0)
            points.Add(new BriefPoint("No proposals are recorded in the scenario.", []));
        else if (passing.Count > 0)
            points.Add(new BriefPoint($"{Fmt.Plural(passing.Count, "recorded proposal")} can pass as written: {Named(passing)}.",
                [BriefEvidence.Computed("bargaining: proposals judged"), .. passing.Take(NamedInSentence).SelectMany(p => ProposalCitation(scenario, p))]));
        else
            points.Add(new BriefPoint($"None of the {b.Proposals.Count} recorded proposals passes as written.", [BriefEvidence.Computed("bargaining: proposals judged")]));

        foreach (var p in blocked)
        {
            var reasons = p.Blockers.Select(id => p.Parties.First(v => v.Party == id)).Select(v =>
                v.RedLinesHit.Count > 0 ? $"{v.Party} (red line: {v.RedLinesHit[0]})" : $"{v.Party} ({Wording.Shortfall(false, v.MarginMax)})").ToList();
            var unlock = steps.TryGetValue(p.Proposal!, out var step) ? Wording.SmallestStep(step) : null;
            var text = $"{p.Proposal} is blocked by {Parties(reasons)}" + unlock switch
            {
                null => ".",
                "no package reaches agreement" => "; no change of its terms reaches agreement.",
                _ when unlock.StartsWith("move ", StringComparison.Ordinal) => $"; the smallest change that unlocks it: {unlock["move ".Length..]}.",
                _ => $"; {unlock}.",
            };
            var evidence = new List<BriefEvidence> { BriefEvidence.Computed("bargaining: verdicts and the smallest step (bridging)") };
            evidence.AddRange(ProposalCitation(scenario, p));
            foreach (var id in p.Blockers)
            {
                var v = p.Parties.First(x => x.Party == id);
                if (v.RedLinesHit.Count > 0 && RedLineCitation(scenario, id, v.RedLinesHit[0]) is { } red) evidence.Add(red);
                else if (Reservation(scenario, id) is { } reservation) evidence.Add(reservation);
            }
            points.Add(new BriefPoint(text, evidence));
        }

        if (open.Count > 0)
            points.Add(new BriefPoint(
                $"{Fmt.Plural(open.Count, "proposal")} leave{(open.Count == 1 ? "s" : "")} issues open, so whether {(open.Count == 1 ? "it passes" : "they pass")} depends on how those are settled: {Named(open)}.",
                [BriefEvidence.Computed("bargaining: proposals judged over every completion of their open issues")]));
        return new BriefSection("proposals", "The proposals on the table", points);
    }

    private static string Named(IReadOnlyList<EvaluationDto> proposals) =>
        string.Join(", ", proposals.Take(NamedInSentence).Select(p => p.Proposal)) + (proposals.Count > NamedInSentence ? $" and {proposals.Count - NamedInSentence} more" : "");

    private static IEnumerable<BriefEvidence> ProposalCitation(Scenario scenario, EvaluationDto p) =>
        (scenario.FindProposal(p.Proposal ?? "")?.Citations ?? []).Take(1).Select(c => new BriefEvidence("citation", $"{p.Proposal}: “{c.Quote}”", c.SourceId));

    private static BriefEvidence? RedLineCitation(Scenario scenario, string party, string label)
    {
        var line = scenario.Preferences.TryGetValue(party, out var prefs) ? prefs.RedLines.FirstOrDefault(r => r.Label == label) : null;
        if (line is null) return null;
        return line.Citations.Count > 0
            ? new BriefEvidence("citation", $"{party}'s red line {label}: “{line.Citations[0].Quote}”", line.Citations[0].SourceId)
            : new BriefEvidence("assumption", $"{party}'s red line {label} (no passage cited)");
    }

    private static BriefSection? BestPackage(Scenario scenario, BargainingResult b)
    {
        if (b.Best.Packages.Count == 0) return null;
        var best = b.Best.Packages[0];
        var gains = string.Join(", ", best.Parties.Where(g => b.Required.Contains(g.Party)).Select(g => $"{g.Party} {Fmt.Signed(g.Gain)}"));
        var losers = best.Parties.Where(g => !b.Required.Contains(g.Party) && g.Gain < 0).Select(g => g.Party).ToList();
        var points = new List<BriefPoint>
        {
            new($"The package the required parties would find best together (largest product of their gains): {string.Join(", ", best.Terms.Select(t => $"{t.Key} {t.Value}"))}. Gains over continuing the conflict: {gains}.",
                [BriefEvidence.Computed($"bargaining: best packages ranked by {b.Best.Method}")]),
        };
        if (losers.Count > 0)
            points.Add(new BriefPoint($"Parties outside the agreement who would be worse off with it than without: {Parties(losers)}; they have reason to resist it.",
                [BriefEvidence.Computed("bargaining: every party's gain from the best package"), .. losers.Select(id => Reservation(scenario, id)).OfType<BriefEvidence>()]));
        return new BriefSection("best-package", "The best package", points);
    }
}
