using System.Text.RegularExpressions;
using Parley.Analysis.Analyses;
using Parley.Analysis.Contracts;
using Parley.Analysis.Json;
using Parley.Analysis.Results;
using Parley.Core.Diagnostics;
using Parley.Core.Evaluation;
using Parley.Core.Format;
using Parley.Core.Model;
using Xunit;

namespace Parley.Analysis.Tests;

public class RobustnessContractTests
{
    private static string ExampleText(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", name));

    private static Scenario Example(string name) =>
        ScenarioLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "examples", name)).GetOrThrow();

    /// <summary>River valley with every range removed: each number is its estimate, so nothing is uncertain.</summary>
    private static Scenario RiverValleyWithoutRanges()
    {
        var text = ExampleText("river-valley.yaml");
        text = Regex.Replace(text, @"range: \[[^\]]*\],\s*", "");
        text = Regex.Replace(text, @"\[(-?[0-9.]+), -?[0-9.]+, -?[0-9.]+\]", "$1");
        return ScenarioLoader.LoadText(text, "river-valley-fixed.yaml").GetOrThrow();
    }

    // Two parties, one issue, every utility the option's value (weight 1). Only the reservation values are uncertain:
    // A's on [0.2, 0.8] around 0.5, B's on [0.5, 0.9] around 0.7, drawn independently.
    private const string TwoReservations = """
        id: two-reservations
        title: Two uncertain reservation values
        sources:
          - {id: note, title: A test case worked by hand}
        parties:
          - {id: A, name: Alpha, role: belligerent}
          - {id: B, name: Beta, role: belligerent}
        issues:
          - id: deal
            name: Deal
            options:
              - {id: x, label: X}
              - {id: y, label: Y}
        preferences:
          A:
            reservation: [0.5, 0.2, 0.8]
            weights: {deal: 1}
            values:
              deal: {x: 0.35, y: 0.6}
          B:
            reservation: [0.7, 0.5, 0.9]
            weights: {deal: 1}
            values:
              deal: {x: 1, y: 0.8}
        proposals:
          - {id: px, name: Option X, author: A, terms: {deal: x}}
          - {id: py, name: Option Y, author: A, terms: {deal: y}}
        agreement:
          required: [A, B]
        """;

    private static Scenario Load(string yaml) => ScenarioLoader.LoadText(yaml, "test.yaml").GetOrThrow();

    /// <summary>P(r ≤ u) for r uniform on [low, high].</summary>
    private static double UniformCdf(double u, double low, double high) => Math.Clamp((u - low) / (high - low), 0, 1);

    /// <summary>P(r ≤ u) for r triangular on [low, high] with its mode at the estimate.</summary>
    private static double TriangularCdf(double u, double low, double mode, double high) =>
        u <= low ? 0 : u >= high ? 1
        : u <= mode ? (u - low) * (u - low) / ((high - low) * (mode - low))
        : 1 - (high - u) * (high - u) / ((high - low) * (high - mode));

    /// <summary>The 95% Wilson score interval written from its definition.</summary>
    private static (double Low, double High) Wilson(long successes, long trials)
    {
        const double z = 1.959963984540054;
        double n = trials, p = successes / n;
        var centre = (p + z * z / (2 * n)) / (1 + z * z / n);
        var half = z / (1 + z * z / n) * Math.Sqrt(p * (1 - p) / n + z * z / (4 * n * n));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    private static void AssertCovers(double expected, ProportionDto p)
    {
        var (low, high) = Wilson(p.Successes, p.Trials);
        Assert.Equal(low, p.Low, 12);
        Assert.Equal(high, p.High, 12);
        Assert.Equal((double)p.Successes / p.Trials, p.Estimate, 12);
        Assert.True(p.Low <= expected && expected <= p.High, $"{expected} outside the interval [{p.Low}, {p.High}] ({p.Successes} of {p.Trials})");
    }

    [Fact]
    public void Without_uncertain_estimates_every_probability_is_exactly_zero_or_one_as_exact_evaluation_says()
    {
        var scenario = RiverValleyWithoutRanges();
        const int draws = 300;
        var result = new RobustnessAnalysisContract().Compute(scenario, new AnalysisOptions { Draws = draws, Top = 5 });
        Assert.Equal(0, result.Estimates);
        var model = new UtilityModel(scenario);

        foreach (var proposal in scenario.Proposals)
        {
            var followed = result.Packages.Single(p => p.Id == proposal.Id);
            var exact = ProposalEvaluator.Evaluate(model, Package.FromTerms(scenario, proposal.Terms));
            foreach (var verdict in exact.Verdicts)
            {
                var party = followed.Parties.Single(a => a.Party == verdict.Party.Id);
                Assert.Equal(verdict.Verdict == Verdict.Accept ? draws : 0, party.Accepts.Successes);
                Assert.Equal(verdict.Verdict != Verdict.Reject ? draws : 0, party.DoesNotReject.Successes);
                Assert.Equal(Text.Wording.Code(verdict.Verdict), party.BaseVerdict);
                Assert.Equal(verdict.MarginMin, party.MeanMarginMin, 12);
            }
            Assert.Equal(exact.Overall == Verdict.Accept ? draws : 0, followed.AllRequiredAccept.Successes);
        }

        // The best packages are the bargaining analysis's, each accepted by every required party in every draw, and
        // the one Nash solution of every draw is the best of them.
        var bargaining = new BargainingAnalysisContract().Compute(scenario, new AnalysisOptions { Top = 5 });
        var best = result.Packages.Where(p => p.Origin == "best-package").ToList();
        Assert.Equal(bargaining.Best.Packages.Select(b => b.Terms), best.Select(b => b.Terms));
        Assert.All(best, b => Assert.Equal(draws, b.AllRequiredAccept.Successes));
        Assert.Equal(draws, result.ZoneNonEmpty.Successes);
        Assert.Equal(1, result.DistinctNashSolutions);
        var nash = Assert.Single(result.NashSolutions);
        Assert.Equal(draws, nash.Share.Successes);
        Assert.Equal(bargaining.Best.Packages[0].Terms, nash.Terms);
        Assert.Equal(best[0].Id, nash.FollowedAs);
        Assert.Equal(draws, best[0].IsNashSolution!.Successes);
        Assert.All(best.Skip(1), b => Assert.Equal(0, b.IsNashSolution!.Successes));
        Assert.Empty(result.Tornado!);
        Assert.Empty(result.Thresholds!);
    }

    [Theory]
    [InlineData("uniform")]
    [InlineData("triangular")]
    public void Acceptance_probabilities_of_two_independent_reservation_values_match_their_closed_form(string distribution)
    {
        double Cdf(double u, double low, double mode, double high) => distribution == "uniform" ? UniformCdf(u, low, high) : TriangularCdf(u, low, mode, high);
        var result = new RobustnessAnalysisContract().Compute(Load(TwoReservations),
            new AnalysisOptions { Draws = 20_000, Seed = 11, Distribution = distribution, Top = 0 });
        Assert.Equal(distribution, result.Distribution);
        Assert.Equal(2, result.Estimates);
        var px = result.Packages.Single(p => p.Id == "px");
        var py = result.Packages.Single(p => p.Id == "py");
        // A accepts an option when its reservation is at most the option's value; B likewise; the draws are independent.
        var aX = Cdf(0.35, 0.2, 0.5, 0.8);
        var aY = Cdf(0.6, 0.2, 0.5, 0.8);
        var bY = Cdf(0.8, 0.5, 0.7, 0.9);
        AssertCovers(aX, px.Parties.Single(p => p.Party == "A").Accepts);
        AssertCovers(aY, py.Parties.Single(p => p.Party == "A").Accepts);
        AssertCovers(bY, py.Parties.Single(p => p.Party == "B").Accepts);
        // B's reservation never exceeds 0.9 < 1, so B accepts x in every draw and all accept x exactly when A does.
        Assert.Equal(20_000, px.Parties.Single(p => p.Party == "B").Accepts.Successes);
        Assert.Equal(px.Parties.Single(p => p.Party == "A").Accepts.Successes, px.AllRequiredAccept.Successes);
        AssertCovers(aY * bY, py.AllRequiredAccept);
        // A zone exists when x is acceptable (A's reservation at most 0.35), or else when y is (A's between 0.35 and 0.6, B's at most 0.8).
        AssertCovers(aX + (aY - aX) * bY, result.ZoneNonEmpty);
    }

    [Theory]
    [InlineData("river-valley.yaml")]
    [InlineData("tasovar-enclave.yaml")]
    public void Two_seeded_runs_give_byte_identical_documents_whatever_the_threads(string name)
    {
        var scenario = Example(name);
        var contract = new RobustnessAnalysisContract();
        var first = ResultJson.Serialize(contract.Run(scenario, new AnalysisOptions { Draws = 400, Seed = 5, Threads = 1 }));
        var second = ResultJson.Serialize(contract.Run(scenario, new AnalysisOptions { Draws = 400, Seed = 5, Threads = 2 }));
        Assert.Equal(first, second);
        Assert.DoesNotContain("seconds", first, StringComparison.OrdinalIgnoreCase);
        var other = ResultJson.Serialize(contract.Run(scenario, new AnalysisOptions { Draws = 400, Seed = 6, Threads = 2 }));
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void The_defaults_are_the_analysis_layers_and_sensitivity_can_be_left_out()
    {
        var scenario = Example("river-valley.yaml");
        var result = new RobustnessAnalysisContract().Compute(scenario, new AnalysisOptions { Sensitivity = false });
        Assert.Equal(AnalysisDefaults.Draws, result.Draws);
        Assert.Equal(AnalysisDefaults.Seed, result.Seed);
        Assert.Equal(AnalysisDefaults.Distribution, result.Distribution);
        Assert.Equal(AnalysisDefaults.Top, result.Packages.Count(p => p.Origin == "best-package"));
        Assert.Null(result.Tornado);
        Assert.Null(result.Thresholds);
        Assert.Null(result.ThresholdCount);
    }

    [Fact]
    public void The_thresholds_are_required_parties_inside_their_range_closest_first()
    {
        var result = new RobustnessAnalysisContract().Compute(Example("river-valley.yaml"), new AnalysisOptions { Draws = 100 });
        var thresholds = result.Thresholds!;
        Assert.NotEmpty(thresholds);
        Assert.Equal(result.ThresholdCount, thresholds.Count);
        Assert.All(thresholds, t =>
        {
            Assert.Contains(t.Party, result.Required);
            Assert.InRange(t.Threshold, t.Low - 1e-12, t.High + 1e-12);
            Assert.NotEqual(t.Below, t.Above);
        });
        static double Slack(ThresholdDto t) => t.Threshold >= t.Value
            ? (t.High > t.Value ? (t.Threshold - t.Value) / (t.High - t.Value) : double.PositiveInfinity)
            : (t.Low < t.Value ? (t.Value - t.Threshold) / (t.Value - t.Low) : double.PositiveInfinity);
        Assert.Equal(thresholds.Select(Slack).Order(), thresholds.Select(Slack));
    }

    public static TheoryData<string, AnalysisOptions, string> Refusals => new()
    {
        { "draws", new AnalysisOptions { Draws = 0 }, DiagnosticCodes.OutOfRange },
        { "draws", new AnalysisOptions { Draws = AnalysisDefaults.MaxDraws + 1 }, DiagnosticCodes.OutOfRange },
        { "distribution", new AnalysisOptions { Distribution = "normal" }, DiagnosticCodes.OutOfRange },
        { "solver", new AnalysisOptions { Solver = "simplex" }, DiagnosticCodes.OutOfRange },
        { "top", new AnalysisOptions { Top = AnalysisDefaults.MaxFollowed + 1 }, DiagnosticCodes.OutOfRange },
        { "threads", new AnalysisOptions { Threads = 0 }, DiagnosticCodes.OutOfRange },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Bad_options_are_refused_where_they_are(string path, AnalysisOptions options, string code)
    {
        var scenario = Example("river-valley.yaml");
        var contract = new RobustnessAnalysisContract();
        var problem = Assert.Single(contract.Validate(scenario, options));
        Assert.Equal((path, code, Severity.Error), (problem.Path, problem.Code, problem.Severity));
        var thrown = Assert.Throws<AnalysisException>(() => contract.Compute(scenario, options));
        Assert.Equal(problem.Message, thrown.Message);
    }

    [Fact]
    public void A_scenario_without_preferences_is_refused_at_its_preferences()
    {
        var text = TwoReservations[..TwoReservations.IndexOf("preferences:", StringComparison.Ordinal)] + TwoReservations[TwoReservations.IndexOf("proposals:", StringComparison.Ordinal)..];
        var scenario = Load(text);
        Assert.Empty(scenario.Preferences);
        var problem = Assert.Single(new RobustnessAnalysisContract().Validate(scenario, AnalysisOptions.Default));
        Assert.Equal("preferences", problem.Path);
        Assert.Contains("no preferences", problem.Message);
    }

    [Fact]
    public void A_run_estimated_over_the_engine_limit_is_refused_with_the_estimate_unless_forced()
    {
        // The engine's own estimate, against which the refusal is checked: ten million draws of the built-in scenario take minutes.
        var scenario = BuiltInScenarios.Load("ukraine-2022").GetOrThrow();
        var estimate = Parley.Robustness.RobustnessAnalysis.Estimate(scenario, new Parley.Robustness.RobustnessOptions { Draws = 10_000_000 }, AnalysisDefaults.Top);
        Assert.True(estimate.Seconds > AnalysisDefaults.EngineSeconds);
        var contract = new RobustnessAnalysisContract();
        var problem = Assert.Single(contract.Validate(scenario, new AnalysisOptions { Draws = 10_000_000 }));
        Assert.Equal(("draws", DiagnosticCodes.TooLarge), (problem.Path, problem.Code));
        Assert.Contains("10,000,000 draws of ukraine-2022", problem.Message);
        Assert.Contains(Text.Fmt.Count(estimate.DrawsWithin(AnalysisDefaults.EngineSeconds)) + " draws fit", problem.Message);
        Assert.Contains("--force", problem.Message);
        Assert.Empty(contract.Validate(scenario, new AnalysisOptions { Draws = 10_000_000, Force = true }));
        Assert.Empty(contract.Validate(scenario, new AnalysisOptions { Draws = 1_000 }));
    }
}
