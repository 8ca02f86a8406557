using Parley.Analysis.Results;
using Parley.Storage;
using Parley.Web.Services;

namespace Parley.Web.Api;

/// <summary>Analysis runs: start in the background, poll progress, cancel, reopen, compare.</summary>
public static class AnalysisApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/analyses").WithTags("analyses");

        api.MapPost("", (StartAnalysisRequest body, AnalysisRunner runner) =>
                runner.Start(body.Scenario, body.Version, body.Top ?? 5, body.Seed, body.Author, body.Engine, body.Model, body.StatusQuo, body.Draws, body.Distribution, body.StabilityOptions()) is { } run
                    ? Results.Accepted($"/api/analyses/{run.Id}", runner.ToDto(run))
                    : Results.NotFound(new ProblemDto($"no scenario '{body.Scenario}'{(body.Version is { } v ? $" version {v}" : "")}")))
            .WithSummary("Start an analysis on a scenario version (engine 'bargaining': every proposal, Pareto frontier, bargaining solutions, zone of agreement, best packages by Nash product; or 'exhaustive': enumeration of every package; 'stability': the conflict section's stability table, equilibria and paths from the status quo, with concepts, coalitions, composites, horizon, nonMyopic, inverse, inverseConcepts, goals, explain, allStates and force as parley stability has them; 'forecast': the spatial section's trajectories with model smp or eum and a seed; 'robustness': acceptance probabilities with Wilson intervals over draws (draws, seed, distribution, top), Nash-solution frequencies and the tornado; 'timeline': the zone of agreement, reservation values and verdicts at each recorded date (top best packages per date)); poll the run")
            .Produces<AnalysisRunDto>(202).Produces<ProblemDto>(400).Produces<ProblemDto>(404).Produces<ProblemDto>(429);

        api.MapGet("", (string? scenario, AnalysisRunner runner) => runner.Runs.List(scenario).Select(runner.ToDto))
            .WithSummary("Runs newest first (without results), optionally of one scenario");

        api.MapGet("/{id:long}", (long id, AnalysisRunner runner) =>
                runner.Runs.Get(id) is { } run ? Results.Ok(runner.ToDto(run)) : Results.NotFound(new ProblemDto($"no analysis run {id}")))
            .WithSummary("One run with its progress, or its stored result once finished")
            .Produces<AnalysisRunDto>().Produces<ProblemDto>(404);

        api.MapGet("/{id:long}/result", (long id, AnalysisRunner runner) =>
                runner.Runs.Get(id) is not { } run ? Results.NotFound(new ProblemDto($"no analysis run {id}"))
                : run.Result is null ? Results.NotFound(new ProblemDto($"analysis run {id} has no result ({run.Status.ToString().ToLowerInvariant()})"))
                : Results.Text(run.Result, "application/json"))
            .WithSummary("The stored result document of a finished run, as stored: for the catalog's analyses (bargaining, exhaustive, stability, robustness, timeline) the same document as the command's `--format json` prints");
        api.MapPost("/{id:long}/cancel", (long id, AnalysisRunner runner) =>
                runner.Runs.Get(id) is not { } run ? Results.NotFound(new ProblemDto($"no analysis run {id}"))
                : run.Status is not (RunStatus.Running or RunStatus.Queued) || !runner.Cancel(id) ? Results.Conflict(new ProblemDto($"run {id} is {run.Status.ToString().ToLowerInvariant()}, not running or queued"))
                : Results.Accepted($"/api/analyses/{id}"))
            .WithSummary("Cancel a queued or running run");

        api.MapGet("/compare", (long a, long b, AnalysisRunner runner) =>
                runner.Runs.Get(a) is not { } left ? Results.NotFound(new ProblemDto($"no analysis run {a}"))
                : runner.Runs.Get(b) is not { } right ? Results.NotFound(new ProblemDto($"no analysis run {b}"))
                : Results.Ok(new { a = runner.ToDto(left), b = runner.ToDto(right) }))
            .WithSummary("Two runs side by side");

        api.MapGet("/{id:long}/charts/tornado", (long id, int? rows, AnalysisRunner runner) =>
                runner.Runs.Get(id) is not { } run ? Results.NotFound(new ProblemDto($"no analysis run {id}"))
                : runner.ResultOf<RobustnessResult>(run, AnalysisRunner.RobustnessEngine) is not { } r ? Results.BadRequest(new ProblemDto($"run {id} is not a finished robustness run"))
                : r.Tornado is not { } tornado ? Results.BadRequest(new ProblemDto($"run {id} was run without the sensitivity analysis, so it has no tornado"))
                : Results.Text(Charts.TornadoSvg.Render(tornado, Math.Clamp(rows ?? 15, 1, 500)), "image/svg+xml"))
            .WithSummary("A robustness run's tornado as SVG (rows: how many estimates, most influential first; each row's title gives the estimate and both ends' effect)")
            .Produces<string>(200, "image/svg+xml").Produces<ProblemDto>(400).Produces<ProblemDto>(404);

        api.MapGet("/{id:long}/charts/timeline", (long id, AnalysisRunner runner) =>
                runner.Runs.Get(id) is not { } run ? Results.NotFound(new ProblemDto($"no analysis run {id}"))
                : runner.ResultOf<TimelineResult>(run, AnalysisRunner.TimelineEngine) is not { } t ? Results.BadRequest(new ProblemDto($"run {id} is not a finished timeline run"))
                : Results.Text(Charts.TimelineSvg.Render(t), "image/svg+xml"))
            .WithSummary("A timeline run's chart as SVG: zone of agreement per date (log scale) and the required parties' reservation values; each date's title gives its values")
            .Produces<string>(200, "image/svg+xml").Produces<ProblemDto>(400).Produces<ProblemDto>(404);
    }
}
