using Parley.Bargaining;
using Parley.Core.Evaluation;

namespace Parley.Robustness;

/// <summary>
/// The per-draw Nash solution computed by the bargaining engine's <see cref="ParetoComposer"/> (exact
/// integer utilities on <see cref="UtilityGrid"/>, coupled red lines as state bits, reservation values as
/// floors), fed straight from the draw's contribution tables. Among tied packages of the best frontier
/// point it returns the first the composition lists.
/// </summary>
public sealed class BargainingEngineSolver : IAgreementSolver
{
    private readonly ParameterSpace _space;
    private readonly int[] _required;
    private readonly long[][] _vectors;
    private readonly long[] _floors;
    private readonly long[] _caps;
    private readonly IReadOnlyList<RedLineMask> _redLines;
    private readonly bool[][] _allowed;

    public BargainingEngineSolver(ParameterSpace space, Package? within = null)
    {
        _space = space;
        _required = space.Required;
        var d = _required.Length;
        _vectors = space.OptionCounts.Select(c => new long[c * d]).ToArray();
        _floors = new long[d];
        _caps = _required.Select(r => space.Model.Parties[r].Cap is var cap && double.IsPositiveInfinity(cap) ? long.MaxValue : UtilityGrid.ToGrid(cap)).ToArray();
        _redLines = _required.SelectMany(r => space.Model.Parties[r].RedLines
            .Select(line => new RedLineMask(space.PartyId(r), line.Source.Label, line.Issues, line.Options))).ToList();
        _allowed = AgreementSolvers.Allowed(space, within);
    }

    public string Name => "bargaining-engine";

    public bool TrySolve(DrawModel draw, Span<int> choices, out double nashProduct)
    {
        nashProduct = 0;
        var d = _required.Length;
        if (_space.IssueCount == 0) return false;
        for (var i = 0; i < _space.IssueCount; i++)
            for (var o = 0; o < _space.OptionCounts[i]; o++)
                for (var k = 0; k < d; k++)
                    _vectors[i][o * d + k] = UtilityGrid.ToGrid(draw.Contribution(_required[k], i, o));
        for (var k = 0; k < d; k++) _floors[k] = UtilityGrid.ToGrid(draw.Reservations[_required[k]]);
        var composition = ParetoComposer.Compose(new CompositionInput(d, _space.OptionCounts, _vectors, _redLines, _allowed, _floors));
        var best = -1;
        var bestNash = double.NegativeInfinity;
        for (var point = 0; point < composition.PointCount; point++)
        {
            var vector = composition.Vector(point);
            var nash = 1.0;
            var inZone = true;
            for (var k = 0; k < d && inZone; k++)
            {
                // A utility cap applies to the final sum; capping is monotone, so the capped maximum is still on this frontier.
                var gain = Math.Min(vector[k], _caps[k]) - _floors[k];
                if (gain < 0) inZone = false;
                else nash *= UtilityGrid.FromGrid(gain);
            }
            if (inZone && nash > bestNash)
            {
                bestNash = nash;
                best = point;
            }
        }
        if (best < 0) return false;
        composition.Packages(best).First().CopyTo(choices);
        nashProduct = bestNash;
        return true;
    }
}
