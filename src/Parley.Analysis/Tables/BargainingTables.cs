using System.Numerics;
using Parley.Analysis.Results;
using Parley.Analysis.Text;

namespace Parley.Analysis.Tables;

/// <summary>The tables of a bargaining result, built once for every front end (CLI, Markdown, report, workbench).</summary>
public static class BargainingTables
{
    /// <summary>"party*" for a required party.</summary>
    public static string PartyHeader(BargainingResult result, string party) => party + (result.Required.Contains(party) ? "*" : "");

    private static Tone VerdictTone(string verdict) => verdict switch
    {
        "accept" => Tone.Good,
        "reject" => Tone.Bad,
        _ => Tone.Mixed,
    };

    /// <summary>Every recorded proposal: each required party's verdict and margin, the overall verdict, the smallest step to agreement and the other parties' verdicts in short.</summary>
    public static TableModel Proposals(BargainingResult result)
    {
        // Priorities say what a narrow terminal keeps: the proposal, its verdict and the step that unlocks it first;
        // the margins behind the verdict next; date, other parties and author last.
        var t = new TableBuilder("proposals", "Proposals").Column("proposal", identifiers: true).Column("author", priority: 5).Column("date", priority: 3);
        foreach (var p in result.Required) t.Column(PartyHeader(result, p), priority: 2);
        t.Column("verdict").Column("smallest step to agreement", priority: 1).Column("other parties", priority: 4);
        var steps = result.ToAgreement.ToDictionary(s => s.Proposal);
        foreach (var e in result.Proposals)
        {
            var cells = new List<Cell> { e.Proposal!, e.Author ?? "", e.Date ?? "" };
            cells.AddRange(result.Required.Select(p => e.Parties.First(v => v.Party == p)).Select(v => new Cell(Wording.VerdictCell(v), VerdictTone(v.Verdict))));
            cells.Add(new Cell(Wording.ShortVerdict(e), e.Blockers.Count > 0 ? Tone.Bad : e.Overall == "accept" ? Tone.Good : Tone.Mixed));
            cells.Add(steps.TryGetValue(e.Proposal!, out var step) ? Wording.SmallestStep(step) : "");
            cells.Add(Others(e));
            t.Row(cells);
        }
        return t.Note("Cells: margin = utility − reservation value; ✓ accepts, ✗ rejects, ? depends on issues the proposal leaves open. Required parties are marked *.").Build();
    }

    private static string Others(EvaluationDto evaluation)
    {
        var others = evaluation.Parties.Where(v => !v.Required).ToList();
        string Group(string verdict, string mark) =>
            others.Where(v => v.Verdict == verdict).Select(v => v.Party).ToList() is { Count: > 0 } ids ? $"{mark} {string.Join(" ", ids)}" : "";
        return string.Join(" ", new[] { Group("accept", "✓"), Group("reject", "✗"), Group("depends", "?") }.Where(g => g.Length > 0));
    }

    /// <summary>The best packages, one column per package and one row per issue (packages differ in few issues), then each party's gain and the Nash product.</summary>
    public static TableModel BestPackages(BargainingResult result)
    {
        var best = result.Best.Packages;
        var t = new TableBuilder("best-packages", "Best packages by Nash product (product of the required parties' gains over their reservation values)")
            .Column("", identifiers: true);
        // A narrow console shows fewer packages rather than broken option names: the later packages go first.
        for (var i = 0; i < best.Count; i++) t.Column($"#{i + 1}", identifiers: true, priority: i);
        if (best.Count == 0) return t.Build();
        foreach (var issue in best[0].Terms.Keys)
            t.Row(new Cell[] { issue }.Concat(best.Select(b => new Cell(b.Terms[issue], b.Terms[issue] != best[0].Terms[issue] ? Tone.Strong : Tone.Muted))));
        foreach (var party in result.Parties)
            t.Row(new Cell[] { PartyHeader(result, party) + " gain" }.Concat(best.Select(b =>
                b.Parties.First(g => g.Party == party).Gain is var gain && gain < 0 ? new Cell(Fmt.Signed(gain), Tone.Bad) : new Cell(Fmt.Signed(gain)))));
        t.Row(new Cell[] { new("Nash product", Tone.Strong) }.Concat(best.Select(b => new Cell(Fmt.Num(b.NashProduct, 5)))));
        return t.Note("Options in bold differ from the first package's.").Build();
    }

    /// <summary>The bargaining solutions over the zone, with the recorded proposals nearest to each.</summary>
    public static TableModel Solutions(BargainingResult result)
    {
        var t = new TableBuilder("solutions", "Bargaining solutions over the zone (Pareto-optimal maximisers)").Column("solution").Column("package");
        foreach (var p in result.Required) t.Column(p + " gain", numeric: true);
        t.Column("nearest proposals", priority: 1);
        foreach (var solution in result.Solutions)
        {
            if (solution.Points.Count == 0)
            {
                t.Row(new Cell[] { solution.Name, new("none: the zone is empty", Tone.Bad) }.Concat(result.Required.Select(_ => Cell.Empty)).Append(Cell.Empty));
                continue;
            }
            var tied = solution.Points.Aggregate(BigInteger.Zero, (n, p) => n + p.Packages) - 1;
            var point = solution.Points[0];
            var cells = new List<Cell> { solution.Name, Describe(point.Examples[0]) + (tied > 0 ? $" (+{Fmt.Count(tied)} tied)" : "") };
            cells.AddRange(point.Parties.Select(g => new Cell(Fmt.Signed(g.Gain))));
            cells.Add(string.Join("; ", point.NearestProposals.Select(Nearest)));
            t.Row(cells);
        }
        return t.Build();
    }

    /// <summary>Each issue inside the zone: the options that occur, each required party's stake, and its role.</summary>
    public static TableModel Stakes(BargainingResult result)
    {
        var t = new TableBuilder("stakes", "Issues inside the zone: options that occur, and each party's stake (share of its utility at play)")
            .Column("issue", identifiers: true).Column("options in zone");
        foreach (var p in result.Required) t.Column(p, numeric: true);
        t.Column("role");
        foreach (var s in result.Issues ?? [])
        {
            var cells = new List<Cell> { s.Issue, string.Join(", ", s.OptionsInZone.Select(x => x.Option + (x.Share is { } share ? $" {Fmt.PercentRounded(share)}" : ""))) };
            cells.AddRange(result.Required.Select(p => new Cell(Fmt.PercentRounded(s.StakeShare[p]))));
            cells.Add(new Cell(Role(s), s.Role is "tradeable" or "settled" ? Tone.Plain : Tone.Bad));
            t.Row(cells);
        }
        return t.Build();
    }

    /// <summary>"issue=option, …".</summary>
    public static string Describe(IReadOnlyDictionary<string, string> terms) => string.Join(", ", terms.Select(t => $"{t.Key}={t.Value}"));

    private static string Nearest(NearestProposalDto d) =>
        $"{d.Proposal} ({d.Changes} change{(d.Changes == 1 ? "" : "s")}{(d.Open > 0 ? $", {d.Open} open" : "")})";

    private static string Role(StakeDto stake) => stake.Role switch
    {
        "tradeable" => stake.WeighsMostFor is { } party ? $"tradeable; weighs most for {party}" : "tradeable",
        "settled" => "settled by the zone",
        _ => "no zone",
    };
}
