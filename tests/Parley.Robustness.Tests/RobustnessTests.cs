using Parley.Core.Evaluation;
using Parley.Core.Format;

namespace Parley.Robustness.Tests;

public class RobustnessTests
{
    private static PackageRobustness Only(RobustnessResult result, string id) => result.Packages.Single(p => p.Package.Id == id);

    [Theory]
    [InlineData(0.6, 0.2, 0.5, 0.8)]
    [InlineData(0.3, 0.1, 0.6, 0.7)]
    [InlineData(0.9, 0.25, 0.4, 0.95)]
    public void Uniform_reservation_gives_the_closed_form_acceptance_probability(double utility, double low, double estimate, double high)
    {
        // Accept ⇔ reservation ≤ utility, so P = (utility − low)/(high − low) for a uniform reservation.
        var scenario = TestScenarios.OneIssue($"{utility}", $"[{estimate}, {low}, {high}]");
        var result = RobustnessAnalysis.Run(scenario, new RobustnessOptions { Draws = 20_000, Seed = 11, Distribution = SamplingDistribution.Uniform });
        var expected = Math.Clamp((utility - low) / (high - low), 0, 1);
        var accepts = Only(result, "p-yes").For("A").Accepts;
        AssertCovers(expected, accepts);
        AssertCovers(expected, Only(result, "p-yes").AllRequiredAccept);
    }

    [Theory]
    [InlineData(0.6, 0.2, 0.5, 0.8)]
    [InlineData(0.35, 0.2, 0.5, 0.8)]
    public void Triangular_reservation_gives_the_closed_form_acceptance_probability(double utility, double low, double mode, double high)
    {
        // Triangular distribution function: F(x) = (x−a)²/((b−a)(c−a)) below the mode c, 1 − (b−x)²/((b−a)(b−c)) above.
        var scenario = TestScenarios.OneIssue($"{utility}", $"[{mode}, {low}, {high}]");
        var result = RobustnessAnalysis.Run(scenario, new RobustnessOptions { Draws = 20_000, Seed = 5, Distribution = SamplingDistribution.Triangular });
        var expected = utility <= mode
            ? (utility - low) * (utility - low) / ((high - low) * (mode - low))
            : 1 - (high - utility) * (high - utility) / ((high - low) * (high - mode));
        AssertCovers(expected, Only(result, "p-yes").For("A").Accepts);
    }

    [Fact]
    public void Uniform_value_gives_the_closed_form_acceptance_probability()
    {
        // Accept ⇔ value(yes) ≥ 0.5 with value uniform on [0.3, 0.9]: P = 0.4/0.6.
        var scenario = TestScenarios.OneIssue("[0.6, 0.3, 0.9]", "0.5");
        var result = RobustnessAnalysis.Run(scenario, new RobustnessOptions { Draws = 20_000, Seed = 3, Distribution = SamplingDistribution.Uniform });
        AssertCovers(0.4 / 0.6, Only(result, "p-yes").For("A").Accepts);
        // The yes package is the Nash solution exactly when it is acceptable (no is worth 0 < 0.5).
        AssertCovers(0.4 / 0.6, result.ZoneNonEmpty);
        var nash = Assert.Single(result.NashSolutions);
        Assert.Equal(result.ZoneNonEmpty.Successes, nash.Share.Successes);
    }

    /// <summary>The interval must cover the truth, and the estimate sit within 4 standard errors (both fail with tiny probability for a fixed seed).</summary>
    private static void AssertCovers(double expected, Proportion p)
    {
        Assert.InRange(expected, p.Low, p.High);
        var se = Math.Sqrt(expected * (1 - expected) / p.Trials);
        Assert.InRange(p.Estimate, expected - 4 * se - 1e-9, expected + 4 * se + 1e-9);
    }

    [Fact]
    public void A_seed_gives_the_same_result_on_one_two_or_three_threads()
    {
        var scenario = TestScenarios.Random(3);
        RobustnessResult Run(int threads) => RobustnessAnalysis.Run(scenario, new RobustnessOptions { Draws = 3_001, Seed = 77, Threads = threads });
        var one = Run(1);
        foreach (var other in new[] { Run(2), Run(3) })
        {
            Assert.Equal(Fingerprint(one), Fingerprint(other));
            Assert.Equal(one.ZoneNonEmpty, other.ZoneNonEmpty);
        }
        var otherSeed = RobustnessAnalysis.Run(scenario, new RobustnessOptions { Draws = 3_001, Seed = 78, Threads = 2 });
        Assert.NotEqual(Fingerprint(one), Fingerprint(otherSeed));
    }

    private static string Fingerprint(RobustnessResult r) => string.Join("\n",
        r.Packages.SelectMany(p => p.Parties.Select(a => $"{p.Package.Id}/{a.PartyId}: {a.Accepts.Successes} {a.DoesNotReject.Successes} {a.MeanMarginMin:R} {a.MeanMarginMax:R}"))
            .Concat(r.Packages.Select(p => $"{p.Package.Id}: {p.AllRequiredAccept.Successes} {p.SomeCompletionAcceptedByAllRequired.Successes} {p.IsNashSolution.Successes}"))
            .Concat(r.NashSolutions.Select(n => $"{string.Join(".", n.Package.Choices.ToArray())}: {n.Share.Successes}")));

    [Fact]
    public void Base_verdicts_match_the_core_evaluator_on_the_built_in_scenario()
    {
        var scenario = BuiltInScenarios.Load("ukraine-2022").GetOrThrow();
        var result = RobustnessAnalysis.Run(scenario, new RobustnessOptions { Draws = 200, Seed = 1 });
        var model = new UtilityModel(scenario);
        foreach (var proposal in scenario.Proposals)
        {
            var evaluation = ProposalEvaluator.Evaluate(model, proposal);
            var robust = Only(result, proposal.Id);
            foreach (var verdict in evaluation.Verdicts)
            {
                var party = robust.For(verdict.Party.Id);
                Assert.Equal(verdict.Verdict, party.BaseVerdict);
                Assert.Equal(verdict.MarginMin, party.BaseMarginMin, 1e-9);
                Assert.Equal(verdict.MarginMax, party.BaseMarginMax, 1e-9);
            }
        }
        // The exhaustive base analysis's best packages are followed, and the most frequent Nash solution is known.
        Assert.Equal(5, result.Packages.Count(p => p.Package.Origin == PackageOrigin.BestPackage));
        Assert.NotEmpty(result.NashSolutions);
        Assert.True(result.NashSolutions.Zip(result.NashSolutions.Skip(1)).All(x => x.First.Share.Successes >= x.Second.Share.Successes));
    }

    [Fact]
    public void A_red_line_rejects_in_every_draw()
    {
        var scenario = BuiltInScenarios.Load("ukraine-2022").GetOrThrow();
        var result = RobustnessAnalysis.Run(scenario, new RobustnessOptions { Draws = 500, Seed = 2 });
        var annexation = Only(result, "russia-annexation-2022-09");
        Assert.Equal(0, annexation.For("UA").DoesNotReject.Successes);
        Assert.Equal(0, annexation.SomeCompletionAcceptedByAllRequired.Successes);
        Assert.Equal(0, annexation.AllRequiredAccept.Successes);
    }

    [Fact]
    public void Some_completion_is_at_least_as_likely_as_every_completion()
    {
        var scenario = TestScenarios.Random(21);
        var result = RobustnessAnalysis.Run(scenario, new RobustnessOptions { Draws = 2_000, Seed = 4 });
        foreach (var p in result.Packages)
            Assert.True(p.SomeCompletionAcceptedByAllRequired.Successes >= p.AllRequiredAccept.Successes);
    }

    [Theory]
    [InlineData(0, 10, 0.0, 0.2775)]
    [InlineData(5, 10, 0.2366, 0.7634)]
    [InlineData(10, 10, 0.7225, 1.0)]
    [InlineData(81, 263, 0.2553, 0.3662)]
    public void Wilson_interval_matches_published_values(long k, long n, double low, double high)
    {
        // Values from Newcombe (1998), Statistics in Medicine 17:857–872, method 3, and Wilson's formula by hand.
        var p = Proportion.Wilson(k, n);
        Assert.Equal(low, p.Low, 4);
        Assert.Equal(high, p.High, 4);
    }

    [Fact]
    public void Bad_options_get_clear_errors()
    {
        var scenario = TestScenarios.OneIssue("0.6", "0.5");
        Assert.Contains("draws", Assert.Throws<RobustnessException>(() => RobustnessAnalysis.Run(scenario, new RobustnessOptions { Draws = 0 })).Message);
        Assert.Contains("threads", Assert.Throws<RobustnessException>(() => RobustnessAnalysis.Run(scenario, new RobustnessOptions { Threads = 0 })).Message);
    }
}
