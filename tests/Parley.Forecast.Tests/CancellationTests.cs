using Parley.Forecast.Analysis;
using Parley.Forecast.Eum;
using Parley.Forecast.Smp;

namespace Parley.Forecast.Tests;

/// <summary>
/// Cancellation points and progress of the engines and the pivotal analysis. Deterministic: the token is
/// cancelled from the (synchronous) progress callback, so the tests know exactly which round it happened in.
/// </summary>
public class CancellationTests
{
    private const int Rounds = 40;

    /// <summary>Random positions, capabilities and saliences (fixed seed); the EUM does not settle on it within a few rounds.</summary>
    internal static SpatialModel RandomModel(int actors, int dims, int seed)
    {
        var rng = new Random(seed);
        var dimensions = Enumerable.Range(0, dims).Select(k => new Dimension($"d{k}", $"Dim {k}", 0, 100)).ToArray();
        var list = Enumerable.Range(0, actors).Select(i => new SpatialActor($"A{i:000}", 10 + 190 * rng.NextDouble(),
            Enumerable.Range(0, dims).Select(_ => new Stance(Math.Round(rng.NextDouble() * 100, 2), (0.1 + rng.NextDouble()) / (1.2 * dims))).ToArray())).ToArray();
        return SpatialModel.Create($"random-{actors}x{dims}", dimensions, list);
    }

    public static TheoryData<string> Engines => ["eum", "smp"];

    private static IForecastEngine Engine(string name) => name == "eum"
        ? new EumEngine(new EumOptions { MaxRounds = Rounds })
        : new SmpEngine(new SmpOptions { MaxTurns = Rounds, MinDeltaRatio = 0 });

    /// <summary>Records every report and cancels the token at the given one (1-based), all on the caller's thread.</summary>
    private sealed class CancelAt(int report, CancellationTokenSource source) : IProgress<double>
    {
        public List<double> Seen { get; } = [];

        public void Report(double value)
        {
            Seen.Add(value);
            if (Seen.Count == report) source.Cancel();
        }
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void A_cancelled_token_stops_the_engine_before_any_work(string engine)
    {
        using var source = new CancellationTokenSource();
        source.Cancel();
        var progress = new CancelAt(0, source);
        Assert.ThrowsAny<OperationCanceledException>(() => Engine(engine).Run(RandomModel(12, 2, 1), progress, source.Token));
        Assert.Empty(progress.Seen);
    }

    [Theory]
    [InlineData("eum", 1)]
    [InlineData("eum", 3)]
    [InlineData("smp", 1)]
    [InlineData("smp", 2)]
    public void Cancelling_after_round_k_stops_the_run_at_round_k(string engine, int k)
    {
        var model = RandomModel(12, 2, 1);
        // Precondition: left alone, the run goes on past round k.
        Assert.True(Engine(engine).Run(model).RoundCount > k);
        using var source = new CancellationTokenSource();
        var progress = new CancelAt(k, source);
        Assert.ThrowsAny<OperationCanceledException>(() => Engine(engine).Run(model, progress, source.Token));
        // Exactly k rounds reported, each as rounds done / the round limit; round k + 1 never started.
        Assert.Equal(Enumerable.Range(1, k).Select(r => (double)r / Rounds), progress.Seen);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void A_token_that_is_never_cancelled_changes_nothing(string engine)
    {
        var model = RandomModel(15, 3, 2);
        var plain = Engine(engine).Run(model);
        using var source = new CancellationTokenSource();
        var seen = new List<double>();
        var watched = Engine(engine).Run(model, new SyncProgress(seen.Add), source.Token);
        AssertSame(plain, watched);
        // Reports rise by one round at a time and end at 1.
        Assert.Equal(Enumerable.Range(1, plain.RoundCount + (engine == "eum" && plain.Converged ? 1 : 0)).Select(r => (double)r / Rounds), seen.SkipLast(1));
        Assert.Equal(1.0, seen[^1]);
    }

    [Fact]
    public void The_pivotal_analysis_checks_the_token_before_each_rerun_and_passes_it_on()
    {
        var model = RandomModel(6, 1, 3);
        var engine = new EumEngine(new EumOptions { MaxRounds = 10 });
        using (var cancelled = new CancellationTokenSource())
        {
            cancelled.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => PivotalActors.Analyse(model, engine, cancellationToken: cancelled.Token));
        }

        // Cancel from the progress report that ends the third rerun: the fourth never starts, so no
        // report goes past 3/reruns (its first round would report more).
        using var source = new CancellationTokenSource();
        var reruns = PivotalActors.RerunCount(model.ActorCount);
        var seen = new List<double>();
        var progress = new SyncProgress(v =>
        {
            seen.Add(v);
            if (v * reruns >= 3 - 1e-9) source.Cancel();
        });
        Assert.ThrowsAny<OperationCanceledException>(() => PivotalActors.Analyse(model, engine, progress: progress, cancellationToken: source.Token));
        Assert.Equal(3.0 / reruns, seen.Max(), 12);
        Assert.True(seen.Count > 3, "each rerun reports its rounds too");
    }

    [Fact]
    public void The_pivotal_analysis_with_a_live_token_equals_the_one_without()
    {
        var model = RandomModel(6, 2, 4);
        var engine = new EumEngine(new EumOptions { MaxRounds = 10 });
        var plain = PivotalActors.Analyse(model, m => engine.Run(m));
        using var source = new CancellationTokenSource();
        var seen = new List<double>();
        var watched = PivotalActors.Analyse(model, engine, engine.Run(model), progress: new SyncProgress(seen.Add), cancellationToken: source.Token);
        Assert.Equal(plain.Select(e => (e.Actor, e.Change, e.MaxRelativeShift)), watched.Select(e => (e.Actor, e.Change, e.MaxRelativeShift)));
        Assert.Equal(plain.SelectMany(e => e.ForecastShift), watched.SelectMany(e => e.ForecastShift));
        Assert.True(seen.Zip(seen.Skip(1)).All(p => p.First <= p.Second));
        Assert.Equal(1.0, seen[^1]);
        Assert.Equal(PivotalActors.RerunCount(model.ActorCount), 2 * model.ActorCount);
    }

    private sealed class SyncProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }

    private static void AssertSame(ForecastResult a, ForecastResult b)
    {
        Assert.Equal(a.RoundCount, b.RoundCount);
        Assert.Equal(a.Converged, b.Converged);
        for (var t = 0; t < a.Rounds.Count; t++) Assert.Equal(EumEngineTests.Flatten(a.Rounds[t]), EumEngineTests.Flatten(b.Rounds[t]));
        Assert.Equal(EumEngineTests.Flatten(a.Influence), EumEngineTests.Flatten(b.Influence));
        Assert.Equal(a.Forecasts.Select(f => (f.Forecast, f.WeightedMean, f.WeightedMedian)), b.Forecasts.Select(f => (f.Forecast, f.WeightedMean, f.WeightedMedian)));
        Assert.Equal(a.Notes, b.Notes);
    }
}
