using Parley.Core.Evaluation;
using Parley.Core.Model;

namespace Parley.Robustness;

public enum PackageOrigin { Proposal, BestPackage }

/// <summary>
/// A package whose fate the analysis follows across draws: a proposal of the scenario or one of the best
/// packages of the base analysis. Red lines do not vary between draws, so which of them a package hits
/// or may hit is decided once.
/// </summary>
public sealed class TrackedPackage
{
    public string Id { get; }
    public string Label { get; }
    public PackageOrigin Origin { get; }
    public Package Package { get; }
    public Proposal? Proposal { get; }
    /// <summary>Per party: the package hits one of its red lines.</summary>
    public bool[] HitsRedLine { get; }
    /// <summary>Per party: some completion of the open issues would hit one of its red lines.</summary>
    public bool[] RedLineAtRisk { get; }

    public TrackedPackage(ParameterSpace space, string id, string label, PackageOrigin origin, Package package, Proposal? proposal = null)
    {
        Id = id;
        Label = label;
        Origin = origin;
        Package = package;
        Proposal = proposal;
        HitsRedLine = new bool[space.PartyCount];
        RedLineAtRisk = new bool[space.PartyCount];
        for (var p = 0; p < space.PartyCount; p++)
            foreach (var r in space.Model.Parties[p].RedLines)
            {
                if (r.IsHitBy(package.Choices)) HitsRedLine[p] = true;
                else if (r.IsPossibleFor(package.Choices)) RedLineAtRisk[p] = true;
            }
    }

    /// <summary>Parley's verdict semantics (as <see cref="ProposalEvaluator"/>): Accept only when every completion is acceptable.</summary>
    public Verdict VerdictFor(DrawModel draw, int party)
    {
        var (min, max) = draw.Bounds(party, Package.Choices);
        return VerdictFrom(party, min, max, draw.Reservations[party]);
    }

    public Verdict VerdictFrom(int party, double min, double max, double reservation)
    {
        if (HitsRedLine[party] || max < reservation - 1e-12) return Verdict.Reject;
        if (!RedLineAtRisk[party] && min >= reservation - 1e-12) return Verdict.Accept;
        return Verdict.Depends;
    }

    /// <summary>The proposals of the scenario and the given best packages, in that order.</summary>
    public static IReadOnlyList<TrackedPackage> For(ParameterSpace space, IEnumerable<Package> bestPackages)
    {
        var list = space.Scenario.Proposals
            .Select(p => new TrackedPackage(space, p.Id, p.Name, PackageOrigin.Proposal, Package.FromTerms(space.Scenario, p.Terms), p))
            .ToList();
        var rank = 0;
        foreach (var package in bestPackages)
        {
            rank++;
            list.Add(new TrackedPackage(space, $"best-{rank}", $"Best package #{rank} by Nash product", PackageOrigin.BestPackage, package));
        }
        return list;
    }
}
