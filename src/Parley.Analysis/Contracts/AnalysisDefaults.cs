namespace Parley.Analysis.Contracts;

/// <summary>Every default and limit of the analyses, defined once: the CLI, the workbench and the report read them here.</summary>
public static class AnalysisDefaults
{
    /// <summary>Best packages listed by default.</summary>
    public const int Top = 5;
    public const int MaxTop = 1000;

    /// <summary>Zones up to this many packages are listed from the zone itself to rank the best packages.</summary>
    public const double ZoneListLimit = 1e6;
    /// <summary>Scenarios up to this many packages are enumerated to rank the best packages when the zone is too large to list.</summary>
    public const double EnumerationLimit = 2e7;
    /// <summary>
    /// Listing one zone package costs about as much as enumerating this many packages (bench/Parley.Cli.Bench on
    /// 2 cores: 1.4 µs per zone package against 15 ns per package enumerated on a quiet machine, 1.1 µs against
    /// 41 ns under load): the best packages are ranked from the zone when it is at most 1/50 of the scenario,
    /// by enumeration otherwise. Both are exact and give the same list; this only picks the quicker.
    /// </summary>
    public const double ListingCostRatio = 50;
    /// <summary>Scenarios up to this many packages also get the per-issue stakes (one count per option).</summary>
    public const double StakesLimit = 1e8;
    /// <summary>Frontier points in the zone returned for charts.</summary>
    public const int MaxZoneFrontierPoints = 2000;
    /// <summary>Example packages returned per bargaining solution point.</summary>
    public const int SolutionExamples = 10;

    /// <summary>
    /// The work one proposal's bridge search may take (partial packages built plus dominance comparisons, about
    /// 10^8 a second). With three or more required parties the search's frontier can grow without bound (a
    /// 30-issue, 3-party scenario ran past 100 s in its first bridge); beyond this the step says the search stopped.
    /// </summary>
    public const long BridgeWorkLimit = 300_000_000;

    /// <summary>Robustness draws: the CLI, the workbench and the report all default to this.</summary>
    public const int Draws = 10_000;
    /// <summary>The engine's own bound; long before it a run meets the time limit below unless forced.</summary>
    public const int MaxDraws = Parley.Robustness.RobustnessOptions.MaxDraws;
    public const ulong Seed = 1;
    public const string Distribution = "triangular";
    // Robustness:
    public static readonly IReadOnlyList<string> Distributions = ["triangular", "uniform"];
    /// <summary>The per-draw Nash solver: "frontier" (allocation-free) or "engine" (the bargaining engine's exact integer-grid composer).</summary>
    public const string Solver = "frontier";
    public static readonly IReadOnlyList<string> Solvers = ["frontier", "engine"];
    /// <summary>Best packages followed by robustness (besides every proposal) and ranked per date by the timeline: each costs a pass per draw or date.</summary>
    public const int MaxFollowed = 100;
    /// <summary>Thresholds kept in a robustness result, closest to their estimate first; big scenarios have thousands and the closest matter.</summary>
    public const int MaxThresholds = 200;
    /// <summary>
    /// What a run of an engine whose cost is estimated up front (robustness) may take unless forced: five minutes
    /// of wall time, and three quarters of the memory the process may use (docs/reliability.md, "Engine limits").
    /// </summary>
    public const double EngineSeconds = 300;
    public const double EngineMemoryShare = 0.75;
    public static long EngineBytes => (long)(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes * EngineMemoryShare);
    // Timeline:
    /// <summary>Best packages ranked at each date.</summary>
    public const int TimelineTop = 3;

    public const string ForecastModel = "smp";

    // Stability
    /// <summary>Conflicts up to this many states list every state; larger ones list the states of interest (equilibria, the status quo) unless every state is asked for.</summary>
    public const int StabilityFullTableLimit = 64;
    /// <summary>Above this many states the analysis's cost is estimated first (a fraction of a second) and refused over the limits.</summary>
    public const int StabilityEstimateAbove = 1 << 16;
    /// <summary>A stability analysis estimated to take longer than this (wall seconds on the threads it may use) is refused unless forced.</summary>
    public const double StabilityMaxSeconds = 300;
    /// <summary>… or more than this share of the memory available to the process.</summary>
    public const double StabilityMaxMemoryShare = 0.75;
    /// <summary>The largest limited-move horizon: the anticipation tables of every horizon up to it are kept.</summary>
    public const int StabilityMaxHorizon = 10_000;
    /// <summary>The inverse analysis counts strict rankings exhaustively only up to this many states (7! = 5,040 rankings per decision maker).</summary>
    public const int StabilityRankingCountStates = 7;
    /// <summary>Example rankings listed per concept when they are counted, and the combinations examined at most.</summary>
    public const int StabilityRankingExamples = 3;
    public const int StabilityRankingCombinations = 1_000_000;
    /// <summary>States named in the legend of the inverse analysis and the goal seeker in a table (the result lists them all).</summary>
    public const int StabilityStatesMentioned = 60;
}
