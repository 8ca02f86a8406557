using Parley.Core.Evaluation;

namespace Parley.Robustness;

/// <summary>
/// The per-draw bargaining analysis: the package with the largest Nash product (product of the required
/// parties' gains over their reservation values) among the complete packages that every required party
/// accepts. Pluggable so that a faster engine can replace the default; an instance is used by one thread
/// at a time and may keep scratch buffers.
/// </summary>
public interface IAgreementSolver
{
    string Name { get; }

    /// <summary>Writes the Nash package into <paramref name="choices"/>; false when no package is acceptable to every required party.</summary>
    bool TrySolve(DrawModel draw, Span<int> choices, out double nashProduct);
}

/// <summary>
/// Makes one solver per worker thread. With <paramref name="within"/>, the solver only considers the
/// completions of that partial package (its settled issues stay as they are).
/// </summary>
public delegate IAgreementSolver AgreementSolverFactory(ParameterSpace space, Package? within = null);

public static class AgreementSolvers
{
    /// <summary>
    /// <see cref="FrontierNashSolver"/>, or brute force when the scenario is tiny. Chosen over the bargaining
    /// engine for the per-draw loop because it reuses its buffers (no allocation per draw; about 5× less CPU
    /// for 10,000 draws of the built-in scenario, see docs/robustness.md) and judges acceptance with the same
    /// double-precision tolerance as <see cref="ProposalEvaluator"/>.
    /// </summary>
    public static IAgreementSolver Default(ParameterSpace space, Package? within = null) =>
        space.OptionCounts.Aggregate(1.0, (n, c) => n * c) <= 4096 ? new ExhaustiveNashSolver(space, within) : new FrontierNashSolver(space, within);

    /// <summary>The bargaining engine's exact integer-grid composition (<see cref="BargainingEngineSolver"/>).</summary>
    public static IAgreementSolver Engine(ParameterSpace space, Package? within = null) => new BargainingEngineSolver(space, within);

    /// <summary>Option flags per issue: every option, or only the one a partial package settles.</summary>
    internal static bool[][] Allowed(ParameterSpace space, Package? within)
    {
        if (within is not null && within.IssueCount != space.IssueCount)
            throw new ArgumentException($"the package has {within.IssueCount} issues, the scenario {space.IssueCount}", nameof(within));
        return space.OptionCounts.Select((count, i) => Enumerable.Range(0, count)
            .Select(o => within is null || within[i] == Package.Open || within[i] == o).ToArray()).ToArray();
    }
}

/// <summary>
/// Lists every complete package (odometer with running sums). Exact for any red lines; the reference the
/// composition solver is checked against, and fast enough for small scenarios. Ties go to the first
/// package in lexicographic order of option indices.
/// </summary>
public sealed class ExhaustiveNashSolver : IAgreementSolver
{
    private readonly ParameterSpace _space;
    private readonly int[] _required;
    private readonly CompiledRedLine[] _redLines;
    private readonly int[] _choices;
    private readonly double[] _partial;
    private readonly bool[][] _allowed;
    private readonly double[] _caps;

    public ExhaustiveNashSolver(ParameterSpace space, Package? within = null)
    {
        _caps = space.Required.Select(r => space.Model.Parties[r].Cap).ToArray();
        _allowed = AgreementSolvers.Allowed(space, within);
        _space = space;
        _required = space.Required;
        _redLines = _required.SelectMany(r => space.Model.Parties[r].RedLines).ToArray();
        _choices = new int[space.IssueCount];
        _partial = new double[_required.Length * (space.IssueCount + 1)];
    }

    public string Name => "exhaustive";

    public bool TrySolve(DrawModel draw, Span<int> choices, out double nashProduct)
    {
        var n = _space.IssueCount;
        var d = _required.Length;
        var counts = _space.OptionCounts;
        nashProduct = double.NegativeInfinity;
        var found = false;
        if (n == 0) return false;
        Array.Clear(_choices);
        Recompute(draw, 0);
        while (true)
        {
            var nash = 1.0;
            var accepted = true;
            for (var k = 0; k < d && accepted; k++)
            {
                var gain = Math.Min(_partial[k * (n + 1) + n], _caps[k]) - draw.Reservations[_required[k]];
                if (gain < -1e-12) accepted = false;
                else nash *= Math.Max(gain, 0);
            }
            for (var i = 0; i < n && accepted; i++)
                if (!_allowed[i][_choices[i]]) accepted = false;
            if (accepted)
                foreach (var r in _redLines)
                    if (r.IsHitBy(_choices)) { accepted = false; break; }
            if (accepted && nash > nashProduct)
            {
                nashProduct = nash;
                _choices.CopyTo(choices);
                found = true;
            }
            var digit = n - 1;
            while (digit >= 0 && ++_choices[digit] == counts[digit])
            {
                _choices[digit] = 0;
                digit--;
            }
            if (digit < 0) break;
            Recompute(draw, digit);
        }
        if (!found) nashProduct = 0;
        return found;
    }

    private void Recompute(DrawModel draw, int from)
    {
        var n = _space.IssueCount;
        for (var k = 0; k < _required.Length; k++)
            for (var i = from; i < n; i++)
                _partial[k * (n + 1) + i + 1] = _partial[k * (n + 1) + i] + draw.Contribution(_required[k], i, _choices[i]);
    }
}
