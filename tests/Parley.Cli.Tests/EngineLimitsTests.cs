using Parley.Cli.Commands;
using Parley.Cli.Infrastructure;
using Parley.Core.Format;
using Parley.Robustness;
using Xunit;

namespace Parley.Cli.Tests;

/// <summary>
/// The up-front refusals (docs/reliability.md, "Engine limits"): over the time or memory limit a command exits 4 with
/// the estimate and what to do, and --force runs it. Counts and estimates, never timings.
/// </summary>
public class EngineLimitsTests
{
    [Fact]
    public void Over_the_time_limit_the_refusal_gives_the_estimate_and_the_way_out()
    {
        var e = Assert.Throws<CliException>(() => EngineLimits.Check("the job", 3 * EngineLimits.Seconds, 1 << 20, force: false, "do less"));
        Assert.Equal(ExitCodes.AnalysisFailed, e.ExitCode);
        Assert.Contains("15 min", e.Message);
        Assert.Contains("do less", e.Message);
        Assert.Contains("--force", e.Message);
        EngineLimits.Check("the job", 3 * EngineLimits.Seconds, 1 << 20, force: true, "do less");
        EngineLimits.Check("the job", EngineLimits.Seconds / 2, 1 << 20, force: false, "do less");
    }

    [Fact]
    public void Over_the_memory_limit_the_refusal_says_so()
    {
        var e = Assert.Throws<CliException>(() => EngineLimits.Check("the job", 1, EngineLimits.Bytes * 2, force: false, "do less"));
        Assert.Contains("memory", e.Message);
    }

    [Fact]
    public void The_robustness_estimate_grows_with_the_draws_and_ten_million_draws_of_the_built_in_scenario_are_refused()
    {
        var scenario = BuiltInScenarios.Load("ukraine-2022").GetOrThrow();
        var small = RobustnessAnalysis.Estimate(scenario, new RobustnessOptions { Draws = 10_000 }, trackedPackages: 5);
        var large = RobustnessAnalysis.Estimate(scenario, new RobustnessOptions { Draws = 10_000_000 }, trackedPackages: 5);
        Assert.Equal(small.WorkPerDraw, large.WorkPerDraw);
        Assert.Equal(small.Seconds * 1000, large.Seconds, 6);
        Assert.True(small.Seconds < EngineLimits.Seconds);
        Assert.True(large.Seconds > EngineLimits.Seconds);
        Assert.InRange(large.DrawsWithin(EngineLimits.Seconds), 10_000, 10_000_000 - 1);

        var (code, output, error) = CliRunner.Run("robustness", "-n", "10000000");
        Assert.Equal(ExitCodes.AnalysisFailed, code);
        Assert.Equal("", output);
        Assert.Contains("10,000,000 draws", error);
        Assert.Contains("--force", error);
    }

    [Fact]
    public void Fewer_threads_estimate_a_longer_robustness_run()
    {
        var scenario = BuiltInScenarios.Load("ukraine-2022").GetOrThrow();
        var all = RobustnessAnalysis.Estimate(scenario, new RobustnessOptions { Draws = 1000 }, 5);
        var one = RobustnessAnalysis.Estimate(scenario, new RobustnessOptions { Draws = 1000, Threads = 1 }, 5);
        Assert.Equal(all.Seconds * Environment.ProcessorCount, one.Seconds, 6);
    }

    [Fact]
    public void Robustness_results_do_not_depend_on_the_threads()
    {
        var one = CliRunner.Run("robustness", "-n", "300", "--threads", "1", "--no-sensitivity", "--format", "json");
        var two = CliRunner.Run("robustness", "-n", "300", "--threads", "2", "--no-sensitivity", "--format", "json");
        Assert.Equal(ExitCodes.Ok, one.ExitCode);
        Assert.Equal(one.Out, two.Out);
    }

    [Fact]
    public void Analyze_takes_threads_and_one_thread_gives_the_same_analysis()
    {
        var all = CliRunner.Run("analyze", CliRunner.Example("river-valley.yaml"), "--format", "markdown");
        var one = CliRunner.Run("analyze", CliRunner.Example("river-valley.yaml"), "--format", "markdown", "--threads", "1");
        Assert.Equal(ExitCodes.Ok, one.ExitCode);
        Assert.Equal(all.Out, one.Out);
        Assert.Equal(ExitCodes.Usage, CliRunner.Run("analyze", "--threads", "0").ExitCode);
    }
}
