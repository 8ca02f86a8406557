using Parley.Bargaining;
using Parley.Core.Evaluation;
using Parley.Core.Model;

namespace Parley.Robustness;

/// <summary>
/// What happens to the verdicts when one estimate moves to the low or the high end of its range, every
/// other number staying at its estimate. Flips count (package, party) verdicts that differ from the base
/// verdicts; the Nash flags say whether the Nash solution changes.
/// </summary>
public sealed record TornadoBar(Estimate Estimate, int FlipsAtLow, int FlipsAtHigh, int RequiredFlipsAtLow, int RequiredFlipsAtHigh,
    bool NashChangesAtLow, bool NashChangesAtHigh, double MarginShift, double NashProductAtLow, double NashProductAtHigh, double BaseNashProduct)
{
    /// <summary>How far the Nash solution's Nash product (the room for agreement) swings over the range.</summary>
    public double NashSwing => Math.Abs(NashProductAtHigh - NashProductAtLow);
    public int Flips => FlipsAtLow + FlipsAtHigh;
    public int RequiredImpact => RequiredFlipsAtLow + RequiredFlipsAtHigh + (NashChangesAtLow ? 1 : 0) + (NashChangesAtHigh ? 1 : 0);
}

public enum ThresholdBoundary
{
    /// <summary>A complete package: the party's utility equals its reservation value.</summary>
    Exact,
    /// <summary>A partial package: its worst completion reaches the reservation value (Depends ↔ Accept).</summary>
    WorstCompletion,
    /// <summary>A partial package: its best completion reaches the reservation value (Reject ↔ Depends).</summary>
    BestCompletion,
}

/// <summary>
/// The value of one estimate (others at their estimates) at which a party's verdict on a package changes:
/// below it the verdict is <see cref="VerdictBelow"/>, above it <see cref="VerdictAbove"/>.
/// </summary>
public sealed record VerdictThreshold(string PackageId, string PartyId, Estimate Estimate, ThresholdBoundary Boundary, double Threshold,
    Verdict VerdictBelow, Verdict VerdictAbove)
{
    public bool WithinRange => Threshold >= Estimate.Low - 1e-12 && Threshold <= Estimate.High + 1e-12;
    /// <summary>How far the threshold lies from the estimate, as a share of the range's half-width on that side.</summary>
    public double Slack => Threshold >= Estimate.Value
        ? (Estimate.High > Estimate.Value ? (Threshold - Estimate.Value) / (Estimate.High - Estimate.Value) : double.PositiveInfinity)
        : (Estimate.Low < Estimate.Value ? (Estimate.Value - Threshold) / (Estimate.Value - Estimate.Low) : double.PositiveInfinity);
}

public sealed record SensitivityResult(IReadOnlyList<TrackedPackage> Packages, IReadOnlyList<TornadoBar> Tornado, IReadOnlyList<VerdictThreshold> Thresholds);

public static class SensitivityAnalysis
{
    public static SensitivityResult Run(Scenario scenario, int top = 5, AgreementSolverFactory? solver = null, CancellationToken cancellation = default)
    {
        UtilityModel model;
        try
        {
            model = new UtilityModel(scenario);
        }
        catch (InvalidOperationException e)
        {
            throw new RobustnessException(e.Message);
        }
        var space = new ParameterSpace(model);
        var factory = solver ?? AgreementSolvers.Default;
        var baseSpace = RobustnessAnalysis.BaseAnalysis(space, top, factory, cancellation);
        var tracked = TrackedPackage.For(space, baseSpace?.BestByNash.Select(b => b.Package) ?? []);
        return Run(space, tracked, factory, cancellation);
    }

    public static SensitivityResult Run(ParameterSpace space, IReadOnlyList<TrackedPackage> tracked, AgreementSolverFactory solverFactory, CancellationToken cancellation = default)
    {
        var tornado = Tornado(space, tracked, solverFactory(space), cancellation);
        var thresholds = Thresholds(space, tracked, cancellation);
        return new SensitivityResult(tracked, tornado, thresholds);
    }

    public static IReadOnlyList<TornadoBar> Tornado(ParameterSpace space, IReadOnlyList<TrackedPackage> tracked, IAgreementSolver solver, CancellationToken cancellation = default)
    {
        var baseDraw = space.NewDrawModel();
        space.Compile(space.BaseParameters, baseDraw);
        var required = new HashSet<int>(space.Required);
        var baseVerdicts = tracked.Select(t => Enumerable.Range(0, space.PartyCount).Select(p => t.VerdictFor(baseDraw, p)).ToArray()).ToArray();
        var baseMargins = tracked.Select(t => Enumerable.Range(0, space.PartyCount).Select(p => baseDraw.Bounds(p, t.Package.Choices).Min - baseDraw.Reservations[p]).ToArray()).ToArray();
        var choices = new int[space.IssueCount];
        var baseNash = solver.TrySolve(baseDraw, choices, out var baseProduct) ? RobustnessAnalysis.Key(choices) : null;

        var parameters = (double[])space.BaseParameters.Clone();
        var draw = space.NewDrawModel();
        space.Compile(parameters, draw);
        var bars = new List<TornadoBar>();
        foreach (var e in space.Estimates)
        {
            cancellation.ThrowIfCancellationRequested();
            (int Flips, int RequiredFlips, bool Nash, double Shift, double Product) At(double value)
            {
                parameters[e.Slot] = value;
                space.CompileParty(parameters, e.Party, draw);
                int flips = 0, requiredFlips = 0;
                var shift = 0.0;
                for (var t = 0; t < tracked.Count; t++)
                {
                    var verdict = tracked[t].VerdictFor(draw, e.Party);
                    if (verdict != baseVerdicts[t][e.Party])
                    {
                        flips++;
                        if (required.Contains(e.Party)) requiredFlips++;
                    }
                    shift += Math.Abs(draw.Bounds(e.Party, tracked[t].Package.Choices).Min - draw.Reservations[e.Party] - baseMargins[t][e.Party]);
                }
                var nashChanged = false;
                var product = baseProduct;
                if (required.Contains(e.Party))
                {
                    var nash = solver.TrySolve(draw, choices, out product) ? RobustnessAnalysis.Key(choices) : null;
                    nashChanged = nash != baseNash;
                }
                parameters[e.Slot] = space.BaseParameters[e.Slot];
                space.CompileParty(parameters, e.Party, draw);
                return (flips, requiredFlips, nashChanged, shift, product);
            }
            var low = At(e.Low);
            var high = At(e.High);
            bars.Add(new TornadoBar(e, low.Flips, high.Flips, low.RequiredFlips, high.RequiredFlips, low.Nash, high.Nash, low.Shift + high.Shift, low.Product, high.Product, baseProduct));
        }
        return bars
            .OrderByDescending(b => b.RequiredImpact).ThenByDescending(b => b.Flips).ThenByDescending(b => b.NashSwing).ThenByDescending(b => b.MarginShift)
            .ThenBy(b => b.Estimate.Slot)
            .ToList();
    }

    /// <summary>
    /// Solves, for every tracked package, party and estimate of that party, where the verdict flips. With
    /// the other numbers fixed, (utility − reservation) × (sum of raw weights) is linear in the estimate
    /// between the points where the worst or best option of an open issue changes, so each piece's root
    /// is exact.
    /// </summary>
    public static IReadOnlyList<VerdictThreshold> Thresholds(ParameterSpace space, IReadOnlyList<TrackedPackage> tracked, CancellationToken cancellation = default)
    {
        var parameters = (double[])space.BaseParameters.Clone();
        var draw = space.NewDrawModel();
        space.Compile(parameters, draw);
        var result = new List<VerdictThreshold>();
        var byParty = space.Estimates.GroupBy(e => e.Party).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var t in tracked)
        {
            cancellation.ThrowIfCancellationRequested();
            var complete = t.Package.IsComplete;
            for (var p = 0; p < space.PartyCount; p++)
            {
                if (t.HitsRedLine[p] || !byParty.TryGetValue(p, out var estimates)) continue;
                foreach (var e in estimates)
                {
                    var breaks = Breakpoints(space, e);
                    if (complete)
                        Roots(space, parameters, draw, t, e, breaks, useMin: true, ThresholdBoundary.Exact, result);
                    else
                    {
                        if (!t.RedLineAtRisk[p]) Roots(space, parameters, draw, t, e, breaks, useMin: true, ThresholdBoundary.WorstCompletion, result);
                        Roots(space, parameters, draw, t, e, breaks, useMin: false, ThresholdBoundary.BestCompletion, result);
                    }
                }
            }
        }
        return result;
    }

    private static List<double> Breakpoints(ParameterSpace space, Estimate e)
    {
        var points = new List<double> { 0, 1 };
        if (e.Kind == EstimateKind.Value)
            for (var o = 0; o < space.OptionCounts[e.Issue]; o++)
            {
                var v = space.BaseParameters[space.ValueSlot(e.Party, e.Issue, 0) + o];
                if (v > 0 && v < 1) points.Add(v);
            }
        return points.Distinct().Order().ToList();
    }

    private static void Roots(ParameterSpace space, double[] parameters, DrawModel draw, TrackedPackage t, Estimate e, List<double> breaks,
        bool useMin, ThresholdBoundary boundary, List<VerdictThreshold> into)
    {
        var p = e.Party;
        double G(double theta)
        {
            parameters[e.Slot] = theta;
            space.CompileParty(parameters, p, draw);
            var (min, max) = draw.Bounds(p, t.Package.Choices);
            return ((useMin ? min : max) - draw.Reservations[p]) * draw.WeightSums[p];
        }
        Verdict VerdictAt(double theta)
        {
            parameters[e.Slot] = theta;
            space.CompileParty(parameters, p, draw);
            return t.VerdictFor(draw, p);
        }
        var roots = new List<double>();
        for (var k = 0; k + 1 < breaks.Count; k++)
        {
            double a = breaks[k], b = breaks[k + 1];
            double ga = G(a), gb = G(b);
            if (ga == 0) roots.Add(a);
            else if (ga * gb < 0) roots.Add(a - ga * (b - a) / (gb - ga));
            if (k + 2 == breaks.Count && gb == 0) roots.Add(b);
        }
        foreach (var root in roots.Distinct())
        {
            var below = VerdictAt(Math.Max(0, root - 1e-7));
            var above = VerdictAt(Math.Min(1, root + 1e-7));
            if (below != above) into.Add(new VerdictThreshold(t.Id, space.PartyId(p), e, boundary, root, below, above));
        }
        parameters[e.Slot] = space.BaseParameters[e.Slot];
        space.CompileParty(parameters, p, draw);
    }
}
