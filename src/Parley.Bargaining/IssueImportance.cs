namespace Parley.Bargaining;

public enum IssueRole
{
    /// <summary>Only one option of the issue occurs in the ZOPA: the zone settles it.</summary>
    Settled,
    /// <summary>Several options occur in the ZOPA: the issue can be traded.</summary>
    Tradeable,
    /// <summary>The ZOPA is empty.</summary>
    NoZone,
}

/// <summary>Whether an option occurs in some ZOPA package, and (when the zone was counted exactly) the share of ZOPA packages that use it.</summary>
public sealed record OptionInZone(int Option, bool Occurs, double? Share);

/// <summary>
/// What an issue is worth to each required party inside the ZOPA: <see cref="Stake"/>[p] is the spread of
/// party p's utility over the options that occur in the zone, <see cref="StakeShare"/>[p] that spread as a
/// share of the party's total spread over all issues. Tradeable issues where the shares differ a lot are
/// logrolling material: each party concedes where its share is small and gains where it is large.
/// </summary>
public sealed record IssueStake(int Issue, IssueRole Role, IReadOnlyList<OptionInZone> Options, double[] Stake, double[] StakeShare)
{
    /// <summary>The required party (index) for which the issue weighs most inside the zone, or −1 when it weighs nothing.</summary>
    public int CaresMost => StakeShare.All(s => s <= 0) ? -1 : Array.IndexOf(StakeShare, StakeShare.Max());
}

public static class IssueImportance
{
    /// <summary>Up to this many packages, options are counted exactly (shares); beyond, only their occurrence is decided.</summary>
    public const double CountLimit = 1e8;

    public static IReadOnlyList<IssueStake> Compute(BargainingProblem problem, CancellationToken cancellation = default)
    {
        var d = problem.Dimensions;
        var counted = problem.PackageCount <= CountLimit;
        var total = counted ? ZopaCounter.Count(problem, cancellation: cancellation) : null;
        var perIssue = new List<(int Issue, List<OptionInZone> Options)>();
        for (var issue = 0; issue < problem.IssueCount; issue++)
        {
            var options = new List<OptionInZone>();
            for (var o = 0; o < problem.OptionCounts[issue]; o++)
            {
                cancellation.ThrowIfCancellationRequested();
                var allowed = problem.OptionCounts.Select((c, i) => Enumerable.Range(0, c).Select(x => i != issue || x == o).ToArray()).ToArray();
                if (counted && total!.IsExact)
                {
                    var count = ZopaCounter.Count(problem, allowed, cancellation: cancellation);
                    options.Add(new OptionInZone(o, !count.Exact.IsZero, total.Exact.IsZero ? 0 : (double)count.Exact / (double)total.Exact));
                }
                else
                {
                    var composition = ParetoComposer.Compose(new CompositionInput(d, problem.OptionCounts, problem.Contributions, problem.RedLines, allowed, problem.Reservations), cancellation);
                    options.Add(new OptionInZone(o, composition.PointCount > 0, null));
                }
            }
            perIssue.Add((issue, options));
        }

        var stakes = perIssue.Select(x =>
        {
            var occurring = x.Options.Where(o => o.Occurs).Select(o => o.Option).ToList();
            return Enumerable.Range(0, d).Select(p => occurring.Count == 0 ? 0.0
                : UtilityGrid.FromGrid(occurring.Max(o => problem.Contributions[x.Issue][o * d + p]) - occurring.Min(o => problem.Contributions[x.Issue][o * d + p]))).ToArray();
        }).ToList();
        var totals = Enumerable.Range(0, d).Select(p => stakes.Sum(s => s[p])).ToArray();
        return perIssue.Select((x, i) =>
        {
            var occurring = x.Options.Count(o => o.Occurs);
            var role = occurring == 0 ? IssueRole.NoZone : occurring == 1 ? IssueRole.Settled : IssueRole.Tradeable;
            var shares = stakes[i].Select((s, p) => totals[p] > 0 ? s / totals[p] : 0).ToArray();
            return new IssueStake(x.Issue, role, x.Options, stakes[i], shares);
        }).ToList();
    }
}
