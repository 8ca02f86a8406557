namespace Parley.Analysis.Results;

// The graph-model stability analysis (parley stability, the workbench's stability run and page). States are
// numbered from 1 in gmcr-py's order; decision makers are named by their ids (a scenario's party ids, a .gmcr
// file's names); concepts by their labels (Nash, GMR, SMR, SEQ, SIM, SEQ+SIM).

/// <summary>One option of the conflict, in option-form order: its id, its label, who controls it and which way it may move (both, forward, backward).</summary>
public sealed record StabilityOptionDto(int Number, string Id, string Label, string DecisionMaker, string Direction);

/// <summary>
/// One feasible state: its option form, the options taken, each decision maker's payoff (a rank: higher is more
/// preferred, equal is a tie), the states each decision maker can move to, per concept one stability flag per
/// decision maker (in <c>DecisionMakers</c> order), and the concepts under which it is an equilibrium.
/// </summary>
public sealed record StabilityStateDto(
    int Number,
    ulong Decimal,
    string OptionForm,
    IReadOnlyList<string> Taken,
    IReadOnlyList<int> Payoffs,
    IReadOnlyList<IReadOnlyList<int>> Reachable,
    IReadOnlyDictionary<string, IReadOnlyList<bool>> Stable,
    IReadOnlyList<string> EquilibriumUnder);

/// <summary>A state named in a part of the result (the legend of the inverse analysis and the goal seeker).</summary>
public sealed record StabilityStateRefDto(int Number, string OptionForm, IReadOnlyList<string> Taken);

/// <summary>One step of a path or a sanction: <c>Mover</c> moves the conflict to <c>State</c>.</summary>
public sealed record StabilityMoveDto(string Mover, int State, string OptionForm);

/// <summary>An equilibrium reachable from the status quo: the shortest path by any legal moves and by improvements only (absent when there is none; empty when already there).</summary>
public sealed record ReachableEquilibriumDto(int State, string OptionForm, IReadOnlyList<string> Taken,
    IReadOnlyList<StabilityMoveDto>? ByMoves, IReadOnlyList<StabilityMoveDto>? ByImprovements);

/// <summary>The status quo and, per concept, the equilibria reachable from it.</summary>
public sealed record StabilityStatusQuoDto(int State, string OptionForm, IReadOnlyList<string> Taken,
    IReadOnlyDictionary<string, IReadOnlyList<ReachableEquilibriumDto>> ReachableEquilibria);

/// <summary>A verdict column beside the concepts: limited-move stability at one horizon (L2, L3, …) or non-myopic stability (NM).</summary>
public sealed record VerdictColumnDto(string Label, string Note, IReadOnlyDictionary<string, IReadOnlyList<int>> Stable, IReadOnlyList<int> Equilibria);

/// <summary>A coalition's analysis: per concept the states stable for the coalition, and the equilibria that are (the others are upset by it).</summary>
public sealed record CoalitionDto(IReadOnlyList<string> Members, IReadOnlyDictionary<string, IReadOnlyList<int>> Stable,
    IReadOnlyDictionary<string, IReadOnlyList<int>> EquilibriaStableForCoalition);

/// <summary>
/// gmcr-py's coalition analysis: each composite acts as one decision maker. <c>Source</c> is "requested" or
/// "gmcr coalitions" (a .gmcr file's own). Per concept: the equilibria, and per effective decision maker the stable states.
/// </summary>
public sealed record CompositeDto(string Source, string Preference, IReadOnlyList<string> DecisionMakers,
    IReadOnlyDictionary<string, IReadOnlyList<int>> Equilibria, IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<int>>> Stable);

/// <summary>
/// The condition under which the state is stable for one decision maker, in words; <c>MustNotPrefer</c> (Nash only)
/// lists the decision maker's own moves away from the state it must not prefer, each as the options taken and withdrawn.
/// </summary>
public sealed record InverseConditionDto(string DecisionMaker, string Text, IReadOnlyList<string>? MustNotPrefer);

/// <summary>One concept's inverse analysis: the condition per decision maker and, for small conflicts, how many strict rankings meet them all.</summary>
public sealed record InverseConceptDto(string Concept, IReadOnlyList<InverseConditionDto> Conditions, long? RankingCount, long? RankingsExamined,
    IReadOnlyList<IReadOnlyList<IReadOnlyList<int>>>? Examples, string? CountNote);

/// <summary>What makes one state an equilibrium, per concept.</summary>
public sealed record InverseDto(int State, string OptionForm, IReadOnlyList<string> Taken, IReadOnlyList<InverseConceptDto> Concepts,
    IReadOnlyList<StabilityStateRefDto> StatesMentioned);

public sealed record GoalRelationDto(string DecisionMaker, int Better, int Worse, bool Strict, string Text);

/// <summary>The goal seeker: whether the goals can hold together, the preference relations that suffice, or the goals that contradict each other.</summary>
public sealed record GoalsDto(IReadOnlyList<string> Goals, bool Achievable, bool Decided, IReadOnlyList<GoalRelationDto> Relations, IReadOnlyList<string> Conflicting,
    string Explanation, IReadOnlyList<StabilityStateRefDto> StatesMentioned);

/// <summary>One improvement of the focal decision maker and the sanction that deters it (absent when none does).</summary>
public sealed record ImprovementDto(int Target, bool Sanctioned, bool Simultaneous, IReadOnlyList<StabilityMoveDto>? Sanction);

public sealed record VerdictDto(string Concept, string DecisionMaker, bool Stable, bool Perceived, IReadOnlyList<ImprovementDto> Improvements, string Text);

/// <summary>Why one state is or is not stable, per concept and decision maker.</summary>
public sealed record ExplanationDto(int State, string OptionForm, IReadOnlyList<string> Taken, IReadOnlyList<VerdictDto> Verdicts);

/// <summary>
/// <c>parley stability</c>: the stability of every state for every decision maker under each concept, the
/// equilibria, the paths from the status quo, and what was asked for besides: coalitions, composites,
/// limited-move and non-myopic columns, the inverse analysis, the goal seeker and an explanation of one state.
/// <c>States</c> lists every feasible state when <c>AllStatesListed</c>, otherwise (above
/// <see cref="Contracts.AnalysisDefaults.StabilityFullTableLimit"/> states) those that are an equilibrium under some
/// concept or column and the status quo. <c>Source</c> is the scenario's id or the .gmcr file's name.
/// </summary>
public sealed record StabilityResult(
    string Source,
    string Conflict,
    IReadOnlyList<string> DecisionMakers,
    IReadOnlyList<string> DecisionMakerNames,
    IReadOnlyList<StabilityOptionDto> Options,
    IReadOnlyList<string> Concepts,
    int StateCount,
    bool AllStatesListed,
    string Note,
    IReadOnlyDictionary<string, IReadOnlyList<int>> Equilibria,
    StabilityStatusQuoDto? StatusQuo,
    IReadOnlyList<VerdictColumnDto> ExtraVerdicts,
    IReadOnlyList<CoalitionDto> Coalitions,
    CompositeDto? Composite,
    InverseDto? Inverse,
    GoalsDto? Goals,
    ExplanationDto? Explanation,
    IReadOnlyList<StabilityStateDto> States);
