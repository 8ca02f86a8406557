using Parley.Core.Evaluation;

namespace Parley.Robustness.Tests;

/// <summary>Thresholds and tornado on a two-issue scenario worked by hand.</summary>
public class SensitivityTests
{
    // A: weights x 0.6 (estimate [0.4, 0.8]), y 0.4; values x: a1 = 1, a2 = 0; y: b1 = 0.5 (estimate [0.2, 0.8]), b2 = 1;
    // reservation 0.7 (estimate [0.5, 0.9]). Package (a1, b1): U = 0.6 + 0.4·0.5 = 0.8, so A accepts.
    private static readonly string Yaml = $$$"""
        {{{TestScenarios.Header}}}
        parties:
          - {id: A, name: A, role: belligerent}
        issues:
          - id: x
            name: X
            options: [{id: a1, label: a1}, {id: a2, label: a2}]
          - id: y
            name: Y
            options: [{id: b1, label: b1}, {id: b2, label: b2}]
        preferences:
          A:
            reservation: [0.7, 0.5, 0.9]
            weights: {x: [0.6, 0.4, 0.8], y: 0.4}
            values:
              x: {a1: 1, a2: 0}
              y: {b1: [0.5, 0.2, 0.8], b2: 1}
        proposals:
          - {id: full, name: Full, author: t, terms: {x: a1, y: b1}}
          - {id: partial, name: Partial, author: t, terms: {x: a1}}
        """;

    private static SensitivityResult Run() => SensitivityAnalysis.Run(TestScenarios.Load(Yaml), top: 0);

    private static VerdictThreshold Threshold(SensitivityResult r, string package, string path, ThresholdBoundary boundary) =>
        Assert.Single(r.Thresholds, t => t.PackageId == package && t.Estimate.Path == path && t.Boundary == boundary);

    [Fact]
    public void Reservation_threshold_is_the_utility()
    {
        var t = Threshold(Run(), "full", "preferences.A.reservation", ThresholdBoundary.Exact);
        Assert.Equal(0.8, t.Threshold, 12);
        Assert.Equal(Verdict.Accept, t.VerdictBelow);
        Assert.Equal(Verdict.Reject, t.VerdictAbove);
        Assert.True(t.WithinRange);
    }

    [Fact]
    public void Value_threshold_solves_the_linear_utility()
    {
        // 0.6 + 0.4·v = 0.7  ⇒  v = 0.25, inside [0.2, 0.8]; below it A rejects.
        var t = Threshold(Run(), "full", "preferences.A.values.y.b1", ThresholdBoundary.Exact);
        Assert.Equal(0.25, t.Threshold, 12);
        Assert.Equal(Verdict.Reject, t.VerdictBelow);
        Assert.Equal(Verdict.Accept, t.VerdictAbove);
        Assert.True(t.WithinRange);
    }

    [Fact]
    public void Weight_threshold_accounts_for_renormalisation()
    {
        // (w·1 + 0.4·0.5)/(w + 0.4) = 0.7  ⇒  0.3·w = 0.08  ⇒  w = 4/15, outside [0.4, 0.8].
        var t = Threshold(Run(), "full", "preferences.A.weights.x", ThresholdBoundary.Exact);
        Assert.Equal(4.0 / 15, t.Threshold, 12);
        Assert.Equal(Verdict.Reject, t.VerdictBelow);
        Assert.False(t.WithinRange);
    }

    [Fact]
    public void Partial_package_thresholds_follow_the_worst_and_best_completion()
    {
        var r = Run();
        // Worst completion of (a1, open): 0.6 + 0.4·min(v, 1); flips at v = 0.25 as for the full package.
        Assert.Equal(0.25, Threshold(r, "partial", "preferences.A.values.y.b1", ThresholdBoundary.WorstCompletion).Threshold, 12);
        // Worst completion flips at reservation 0.8 (Accept below, Depends above).
        var worst = Threshold(r, "partial", "preferences.A.reservation", ThresholdBoundary.WorstCompletion);
        Assert.Equal(0.8, worst.Threshold, 12);
        Assert.Equal(Verdict.Accept, worst.VerdictBelow);
        Assert.Equal(Verdict.Depends, worst.VerdictAbove);
        // Best completion is worth 1 whatever the estimates, so it never falls below a reservation in [0, 1].
        Assert.DoesNotContain(r.Thresholds, t => t.PackageId == "partial" && t.Boundary == ThresholdBoundary.BestCompletion);
    }

    [Fact]
    public void Tornado_counts_flips_at_each_end_of_the_range()
    {
        var r = Run();
        var reservation = Assert.Single(r.Tornado, b => b.Estimate.Kind == EstimateKind.Reservation);
        // At 0.5 nothing changes; at 0.9 the full package is rejected and the partial one becomes Depends.
        Assert.Equal(0, reservation.FlipsAtLow);
        Assert.Equal(2, reservation.FlipsAtHigh);
        var value = Assert.Single(r.Tornado, b => b.Estimate.Path == "preferences.A.values.y.b1");
        // v = 0.2 < 0.25 flips both packages; v = 0.8 flips none.
        Assert.Equal(2, value.FlipsAtLow);
        Assert.Equal(0, value.FlipsAtHigh);
        var weight = Assert.Single(r.Tornado, b => b.Estimate.Path == "preferences.A.weights.x");
        Assert.Equal(0, weight.Flips);
        Assert.Equal("preferences.A.weights.x", r.Tornado[^1].Estimate.Path);
    }

    [Fact]
    public void Thresholds_of_random_scenarios_are_where_the_verdict_really_changes()
    {
        var scenario = TestScenarios.Random(9);
        var r = SensitivityAnalysis.Run(scenario, top: 2);
        var space = new ParameterSpace(scenario);
        var draw = space.NewDrawModel();
        Assert.NotEmpty(r.Thresholds);
        foreach (var t in r.Thresholds.Take(200))
        {
            var package = r.Packages.Single(p => p.Id == t.PackageId);
            var party = space.Model.Parties.ToList().FindIndex(p => p.Party.Id == t.PartyId);
            Verdict At(double value)
            {
                var parameters = (double[])space.BaseParameters.Clone();
                parameters[t.Estimate.Slot] = value;
                space.Compile(parameters, draw);
                return package.VerdictFor(draw, party);
            }
            Assert.Equal(t.VerdictBelow, At(t.Threshold - 1e-6));
            Assert.Equal(t.VerdictAbove, At(t.Threshold + 1e-6));
        }
    }
}
