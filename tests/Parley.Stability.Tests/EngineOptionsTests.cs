using Parley.Stability.Analysis;
using Parley.Stability.Engine;

namespace Parley.Stability.Tests;

/// <summary>
/// The engine's bound on threads (<see cref="StabilityOptions"/>): it reaches the graph and every parallel loop built
/// on it, a degree of one gives the same verdicts as every core, and a cancelled token stops the analysis. No test
/// depends on timing: the bound is checked by counting the threads and the work items that run at once.
/// </summary>
public class EngineOptionsTests
{
    [Fact]
    public void By_default_the_degree_is_one_thread_per_processor()
    {
        var graph = ConflictGraph.Build(RandomConflicts.Create(1, 2));
        Assert.Equal(Environment.ProcessorCount, graph.Options.Degree);
        Assert.Equal(Environment.ProcessorCount, graph.Parallel.MaxDegreeOfParallelism);
    }

    [Fact]
    public void The_options_reach_the_graph_and_its_parallel_loops()
    {
        var options = new StabilityOptions { MaxDegreeOfParallelism = 1 };
        var graph = ConflictGraph.Build(RandomConflicts.Create(2, 3), options);
        Assert.Same(options, graph.Options);
        Assert.Equal(1, graph.Parallel.MaxDegreeOfParallelism);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_predicate_never_runs_on_more_threads_at_once_than_the_degree(int degree)
    {
        var running = 0;
        var most = 0;
        var threads = new HashSet<int>();
        var parallel = new StabilityOptions { MaxDegreeOfParallelism = degree }.ToParallelOptions();
        StateSet.FromPredicate(64 * 200, s =>
        {
            var now = Interlocked.Increment(ref running);
            lock (threads)
            {
                most = Math.Max(most, now);
                threads.Add(Environment.CurrentManagedThreadId);
            }
            Thread.SpinWait(200);
            Interlocked.Decrement(ref running);
            return s % 3 == 0;
        }, parallel);
        Assert.InRange(most, 1, degree);
        if (degree == 1) Assert.Single(threads);
    }

    [Theory]
    [InlineData(11, 2)]
    [InlineData(12, 3)]
    [InlineData(13, 4)]
    public void One_thread_gives_the_same_verdicts_as_every_core(int seed, int decisionMakers)
    {
        for (var k = 0; k < 10; k++)
        {
            var conflict = RandomConflicts.Create(seed * 100 + k, decisionMakers, maxOptionsPerDm: 3, misperceptions: k % 2 == 0);
            var all = new StabilityAnalyzer(ConflictGraph.Build(conflict)).AnalyzeAll();
            var one = new StabilityAnalyzer(ConflictGraph.Build(conflict, new StabilityOptions { MaxDegreeOfParallelism = 1 })).AnalyzeAll();
            foreach (var concept in SolutionConcepts.All)
                for (var dm = 0; dm < decisionMakers; dm++)
                    Assert.Equal(all.StableStates(concept, dm).Members(), one.StableStates(concept, dm).Members());
        }
    }

    [Fact]
    public void A_cancelled_token_stops_the_build()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            ConflictGraph.Build(RandomConflicts.Create(3, 3), new StabilityOptions { Cancellation = cancellation.Token }));
    }
}
