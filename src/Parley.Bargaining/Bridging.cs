using System.Numerics;
using Parley.Core.Evaluation;
using Parley.Core.Model;

namespace Parley.Bargaining;

/// <summary>One issue a bridge settles differently from the proposal; <see cref="From"/> is null when the proposal left it open.</summary>
public sealed record BridgeMove(int Issue, int? From, int To);

/// <summary>A party's utility under the proposal (a range when it leaves issues open) and under the bridge.</summary>
public sealed record UtilityShift(string PartyId, bool Required, double ProposalMin, double ProposalMax, double Bridge)
{
    /// <summary>Positive when the bridge is better for the party than every completion of the proposal, negative when worse than every one.</summary>
    public double Gain => Bridge > ProposalMax ? Bridge - ProposalMax : Bridge < ProposalMin ? Bridge - ProposalMin : 0;
}

public sealed record Bridge(int[] Package, IReadOnlyList<BridgeMove> Changes, IReadOnlyList<BridgeMove> Settled,
    IReadOnlyList<UtilityShift> Shifts, BigInteger EquallyGoodPackages)
{
    public int ChangeCount => Changes.Count;
}

/// <summary>
/// <see cref="FewestChanges"/>: the acceptable package (in the ZOPA) that moves the fewest issues the
/// proposal settles (open issues are settled freely); among those, the best for the Nash product.
/// <see cref="LeastCostToAuthor"/>: the acceptable package the author values most, i.e. costing it the
/// least utility (<see cref="AuthorCost"/> = the author's best utility under the proposal − its utility
/// under the bridge); among those, the one with the fewest changes. Null when the ZOPA is empty, or for
/// the second when the author is no party with preferences.
/// </summary>
public sealed record BridgingResult(int[] Proposal, Bridge? FewestChanges, Bridge? LeastCostToAuthor, string? AuthorPartyId, double? AuthorCost, string? Note);

/// <summary>
/// Finds bridges with one composition (see <see cref="ParetoComposer"/>) over the required parties'
/// utilities, the author's utility and the negated number of changes: every objective is additive over
/// issues, partial packages that can no longer reach the reservation values are pruned, and the best
/// acceptable package for either criterion is undominated in that space.
/// </summary>
public static class Bridging
{
    public static BridgingResult Find(BargainingProblem problem, Proposal proposal, CancellationToken cancellation = default) =>
        Find(problem, Package.FromTerms(problem.Model.Scenario, proposal.Terms).Choices.ToArray(), proposal.PartyId, cancellation);

    /// <param name="maxWork">stop with <see cref="CompositionTooLargeException"/> beyond this many steps of the search (see <see cref="CompositionInput.MaxWork"/>)</param>
    public static BridgingResult Find(BargainingProblem problem, int[] proposal, string? authorPartyId, CancellationToken cancellation = default, long maxWork = long.MaxValue)
    {
        if (proposal.Length != problem.IssueCount)
            throw new ArgumentException($"the proposal has {proposal.Length} issues, the scenario {problem.IssueCount}", nameof(proposal));
        var model = problem.Model;
        var d = problem.Dimensions;
        var author = authorPartyId is null ? null : model.Parties.FirstOrDefault(p => p.Party.Id == authorPartyId);
        var authorDim = author is null ? -1 : problem.Parties.ToList().FindIndex(p => p.Party.Id == authorPartyId);
        var extraAuthor = author is not null && authorDim < 0;
        if (extraAuthor) authorDim = d;
        var changeDim = d + (extraAuthor ? 1 : 0);
        var dims = changeDim + 1;

        var vectors = new long[problem.IssueCount][];
        for (var i = 0; i < problem.IssueCount; i++)
        {
            vectors[i] = new long[problem.OptionCounts[i] * dims];
            for (var o = 0; o < problem.OptionCounts[i]; o++)
            {
                for (var k = 0; k < d; k++) vectors[i][o * dims + k] = problem.Contributions[i][o * d + k];
                if (extraAuthor) vectors[i][o * dims + authorDim] = UtilityGrid.ToGrid(author!.Contribution(i, o));
                vectors[i][o * dims + changeDim] = proposal[i] != Package.Open && proposal[i] != o ? -1 : 0;
            }
        }
        var floors = new long[dims];
        Array.Fill(floors, long.MinValue / 4);
        Array.Copy(problem.Reservations, floors, d);
        var composition = ParetoComposer.Compose(new CompositionInput(dims, problem.OptionCounts, vectors, problem.RedLines, Floors: floors, MaxWork: maxWork), cancellation);

        var zone = Enumerable.Range(0, composition.PointCount)
            .Where(p => Enumerable.Range(0, d).All(k => composition.Vector(p)[k] >= problem.Reservations[k]))
            .ToList();
        string? note = author is null
            ? authorPartyId is null ? "the proposal names no party as its author" : $"the author '{authorPartyId}' has no preferences"
            : null;
        if (zone.Count == 0)
            return new BridgingResult(proposal, null, null, author?.Party.Id, null, "the zone of possible agreement is empty: no package is acceptable to every required party");

        // Fewest changes, then the largest Nash product.
        var fewest = zone.OrderByDescending(p => composition.Vector(p)[changeDim])
            .ThenByDescending(p => NashProduct(composition.Vector(p), problem.Reservations, d))
            .First();
        var fewestTies = zone.Where(p => composition.Vector(p)[changeDim] == composition.Vector(fewest)[changeDim])
            .Aggregate(BigInteger.Zero, (n, p) => n + composition.PackageCount(p));
        var fewestBridge = Describe(problem, proposal, composition.Packages(fewest).First(), fewestTies);

        Bridge? authorBridge = null;
        double? cost = null;
        if (author is not null)
        {
            var best = zone.OrderByDescending(p => composition.Vector(p)[authorDim])
                .ThenByDescending(p => composition.Vector(p)[changeDim])
                .First();
            var ties = zone.Where(p => composition.Vector(p)[authorDim] == composition.Vector(best)[authorDim])
                .Aggregate(BigInteger.Zero, (n, p) => n + composition.PackageCount(p));
            authorBridge = Describe(problem, proposal, composition.Packages(best).First(), ties);
            var proposalBest = author.UtilityBounds(proposal).Max;
            cost = proposalBest - UtilityGrid.FromGrid(composition.Vector(best)[authorDim]);
        }
        return new BridgingResult(proposal, fewestBridge, authorBridge, author?.Party.Id, cost, note);
    }

    private static BigInteger NashProduct(ReadOnlySpan<long> vector, long[] reservations, int d)
    {
        var product = BigInteger.One;
        for (var k = 0; k < d; k++) product *= vector[k] - reservations[k];
        return product;
    }

    private static Bridge Describe(BargainingProblem problem, int[] proposal, int[] package, BigInteger ties)
    {
        var changes = new List<BridgeMove>();
        var settled = new List<BridgeMove>();
        for (var i = 0; i < package.Length; i++)
        {
            if (proposal[i] == Package.Open) settled.Add(new BridgeMove(i, null, package[i]));
            else if (proposal[i] != package[i]) changes.Add(new BridgeMove(i, proposal[i], package[i]));
        }
        var required = new HashSet<string>(problem.Parties.Select(p => p.Party.Id));
        var shifts = problem.Model.Parties.Select(p =>
        {
            var (min, max) = p.UtilityBounds(proposal);
            return new UtilityShift(p.Party.Id, required.Contains(p.Party.Id), min, max, p.Utility(package));
        }).ToList();
        return new Bridge(package, changes, settled, shifts, ties);
    }
}
