using Parley.Core.Format;
using Parley.Storage;
using Parley.Web.Charts;
using Parley.Web.Services;

namespace Parley.Web.Api;

/// <summary>The JSON API behind every page: scenarios, versions, edits, evaluation, charts.</summary>
public static class ScenarioApi
{

    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("scenarios").AddEndpointFilter(ScenarioIds.Filter);

        api.MapGet("/builtins", () => BuiltInScenarios.Ids).WithSummary("Ids of the scenarios shipped with Parley");

        api.MapGet("/scenarios", (ScenarioLibrary library) => library.Store.List()).WithSummary("Every scenario with its latest version");

        api.MapPost("/scenarios", async (HttpRequest request, ScenarioLibrary library, ParleyWebOptions options, string? author, string? format, CancellationToken cancellation) =>
            {
                var files = await UploadReader.ReadFilesAsync(request, options.MaxScenarioBytes, cancellation);
                return Created(library.ImportFiles(files, format, author ?? "anonymous"));
            })
            .WithSummary("Import a scenario: YAML or JSON; a gmcr-py .gmcr file (becomes a scenario with a conflict section); a Genius domain with its profiles (several .xml files in one multipart form); a KTAB .csv or .xml file (becomes a scenario with a spatial section). Raw body or multipart field(s) 'file'; query: author, fileName, format (yaml, gmcr, genius, ktab; else guessed from the file names)")
            .Accepts<string>("application/yaml", "application/json", "text/plain", "multipart/form-data")
            .Produces<ImportResponse>(201).Produces<ProblemDto>(400).Produces<ProblemDto>(409).Produces<ProblemDto>(413);

        api.MapPost("/scenarios/builtin/{id}", (string id, ScenarioLibrary library, string? author) =>
                BuiltInScenarios.Exists(id)
                    ? Created(library.Import(BuiltInScenarios.ReadText(id), $"builtin:{id}", author ?? "anonymous", $"imported built-in scenario {id}"))
                    : Results.NotFound(new ProblemDto($"no built-in scenario '{id}'{DidYouMean.Hint(id, BuiltInScenarios.Ids)}")))
            .WithSummary("Import a built-in scenario")
            .Produces<ImportResponse>(201).Produces<ProblemDto>(404).Produces<ProblemDto>(409).Produces<ProblemDto>(413);

        api.MapGet("/scenarios/{slug}", (string slug, ScenarioLibrary library) =>
                library.Store.Find(slug) is { } summary
                    ? Results.Ok(new { summary, versions = library.Store.Versions(slug) })
                    : NotFound(slug))
            .WithSummary("A scenario with its version history");

        api.MapGet("/scenarios/{slug}/versions", (string slug, ScenarioLibrary library) =>
                library.Store.Find(slug) is null ? NotFound(slug) : Results.Ok(library.Store.Versions(slug)))
            .WithSummary("Versions of a scenario, newest first");

        api.MapGet("/scenarios/{slug}/versions/{version}", (string slug, string version, ScenarioLibrary library) =>
                WithVersion(library, slug, version, v => Results.Ok(new
                {
                    version = v.Info,
                    warnings = v.Warnings.Select(DiagnosticDto.From),
                    scenario = ScenarioView.From(v.Scenario),
                })))
            .WithSummary("One version (a number or 'latest'): the scenario model and its validation warnings");

        api.MapGet("/scenarios/{slug}/versions/{version}/yaml", (string slug, string version, ScenarioLibrary library) =>
                WithVersion(library, slug, version, v => Text(v.YamlExport, "application/yaml", $"{slug}-v{v.Info.Version}.yaml")))
            .WithSummary("Export one version as YAML: the uploaded or edited YAML byte for byte when the version keeps it, else YAML written from the model (always for a JSON upload)")
            .Produces<string>(200, "application/yaml");

        api.MapGet("/scenarios/{slug}/versions/{version}/export", (string slug, string version, ScenarioLibrary library) =>
                WithVersion(library, slug, version, v => v.Source is { } source
                    ? Text(source.Text, source.MediaType, $"{slug}-v{v.Info.Version}{source.Extension}")
                    : Text(v.Yaml, "application/yaml", $"{slug}-v{v.Info.Version}.yaml")))
            .WithSummary("Export one version in the notation it was written in: the kept YAML or JSON byte for byte (application/yaml or application/json), else YAML written from the model")
            .Produces<string>(200, "application/yaml", "application/json");

        api.MapGet("/scenarios/{slug}/versions/{version}/diff", (string slug, string version, ScenarioLibrary library) =>
                WithVersion(library, slug, version, v => Results.Text(v.Diff, "text/plain; charset=utf-8")))
            .WithSummary("Line diff of one version against the previous one: of the kept texts when both keep one in the same notation, else of the YAML written from the model")
            .Produces<string>(200, "text/plain");

        api.MapPost("/scenarios/{slug}/versions", (string slug, SaveYamlRequest body, ScenarioLibrary library) =>
                Created(library.SaveYaml(slug, body.BaseVersion, body.Yaml ?? "", body.Author ?? "anonymous", body.Message)))
            .WithSummary("Save edited YAML as a new version; baseVersion must be the latest version or the answer is 409")
            .Produces<ImportResponse>(201).Produces<ProblemDto>(400).Produces<ProblemDto>(404).Produces<ProblemDto>(409).Produces<ProblemDto>(413);

        api.MapPost("/scenarios/{slug}/edits", (string slug, EditRequest body, ScenarioLibrary library) =>
                Created(library.SaveEdits(slug, body.BaseVersion, body.Edits ?? [], body.Author ?? "anonymous", body.Message)))
            .WithSummary("Apply form edits (set-weight, set-value, set-reservation, add-red-line, remove-red-line, set-proposal, remove-proposal) to baseVersion and save a new version")
            .Produces<ImportResponse>(201).Produces<ProblemDto>(400).Produces<ProblemDto>(404).Produces<ProblemDto>(409).Produces<ProblemDto>(413);

        api.MapPost("/scenarios/{slug}/versions/{version}/evaluate", (string slug, string version, EvaluateRequest body, ScenarioLibrary library) =>
                WithVersion(library, slug, version, v => Results.Ok(ScenarioLibrary.Evaluate(v, body.Terms, body.Proposal))))
            .WithSummary("Evaluate a package (terms: issue → option; issues left out stay open) or a recorded proposal for every party")
            .Produces<EvaluationDto>().Produces<ProblemDto>(400).Produces<ProblemDto>(404);

        api.MapPost("/scenarios/{slug}/versions/{version}/bridge", (string slug, string version, EvaluateRequest body, ScenarioLibrary library, AnalysisRunner runner, HttpContext http) =>
                WithVersionAsync(library, slug, version, async v => Results.Ok(await runner.OnRequestAsync("the bridge search",
                    token => ScenarioLibrary.Bridge(v, body.Terms, body.Proposal, cancellation: token), http.RequestAborted))))
            .WithSummary("The bridging packages for a package or proposal: the acceptable package with the fewest changes, and the one costing its author least")
            .Produces<BridgeDto>().Produces<ProblemDto>(400).Produces<ProblemDto>(404);

        api.MapGet("/scenarios/{slug}/versions/{version}/charts/utility-space",
                (string slug, string version, string x, string y, int? samples, long? seed, long? run, ScenarioLibrary library, AnalysisRunner runner) =>
                WithVersion(library, slug, version, v =>
                {
                    var result = run is { } id && runner.Runs.Get(id) is { } r ? runner.BargainingOf(r) : null;
                    return Results.Text(UtilitySpaceChart.Render(v, x, y, samples ?? 1500, seed ?? 1, UtilitySpaceOverlay.FromRun(result)), "image/svg+xml");
                }))
            .WithSummary("Utility space of parties x and y as SVG (sampled packages, reservation lines, proposals; with run: its Pareto frontier in the zone, bargaining solutions and best packages)")
            .Produces<string>(200, "image/svg+xml");
    }

    /// <summary>The other engines on one version, computed on request (not stored; start a run for that), in the runs' engine slot within the request budget.</summary>
    public static void MapEngines(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/scenarios/{slug}/versions/{version}").WithTags("engines").AddEndpointFilter(ScenarioIds.Filter);
        api.MapGet("/stability", (string slug, string version, string? concepts, string? statusQuo, bool? allStates, string? explain, string[]? coalition, string[]? composite,
                int? horizon, bool? nonMyopic, string? inverse, string? inverseConcepts, string[]? goal, bool? force, ScenarioLibrary library, AnalysisRunner runner, HttpContext http) =>
                WithVersionAsync(library, slug, version, async v =>
                {
                    var options = new Parley.Analysis.Contracts.AnalysisOptions
                    {
                        Concepts = concepts, StatusQuo = statusQuo, AllStates = allStates ?? false, Explain = explain, Coalitions = coalition, Composites = composite,
                        Horizon = horizon, NonMyopic = nonMyopic ?? false, Inverse = inverse, InverseConcepts = inverseConcepts, Goals = goal, Force = force ?? false,
                    };
                    var contract = new Parley.Analysis.Analyses.StabilityAnalysisContract();
                    var document = await runner.OnRequestAsync("the stability analysis", token => contract.Run(v.Scenario, options, null, token), http.RequestAborted);
                    return Results.Text(Parley.Analysis.Json.ResultJson.Serialize(document), "application/json");
                }))
            .WithSummary("Stability of the conflict section (parley stability), not stored: the analysis document with every state's stability per decision maker and solution concept, the equilibria, the equilibria reachable from the status quo (statusQuo: a state number, option form, the options taken, or default; the conflict's own when not given), and on request explain, coalition, composite, horizon, nonMyopic, inverse, goal (repeatable)")
            .Produces<Parley.Analysis.Contracts.AnalysisDocument<Parley.Analysis.Results.StabilityResult>>().Produces<ProblemDto>(400).Produces<ProblemDto>(404).Produces<ProblemDto>(422).Produces<ProblemDto>(503);
        api.MapGet("/forecast", (string slug, string version, string? model, ulong? seed, ScenarioLibrary library, AnalysisRunner runner, HttpContext http) =>
                WithVersionAsync(library, slug, version, async v => Results.Ok(await runner.OnRequestAsync("the forecast",
                    token => Engines.ForecastService.Run(v, model, seed, null, token), http.RequestAborted))))
            .WithSummary("Forecast of the spatial section (parley forecast): per dimension the forecast and every actor's position per round (model smp or eum; seed for SMP)")
            .Produces<Engines.ForecastDto>().Produces<ProblemDto>(400).Produces<ProblemDto>(404).Produces<ProblemDto>(422).Produces<ProblemDto>(503);
        api.MapGet("/timeline", (string slug, string version, int? top, ScenarioLibrary library, AnalysisRunner runner, HttpContext http) =>
                WithVersionAsync(library, slug, version, async v =>
                {
                    var contract = new Parley.Analysis.Analyses.TimelineAnalysisContract();
                    var options = new Parley.Analysis.Contracts.AnalysisOptions { Top = top };
                    if (contract.Validate(v.Scenario, options) is { Count: > 0 } problems) throw new RequestException(problems[0].Message, problems[0].Path);
                    var document = await runner.OnRequestAsync("the timeline", token =>
                    {
                        try
                        {
                            return contract.Run(v.Scenario, options, null, token);
                        }
                        catch (Parley.Analysis.Contracts.AnalysisException e)
                        {
                            throw new RequestException(e.Message);
                        }
                    }, http.RequestAborted);
                    return Results.Text(Parley.Analysis.Json.ResultJson.Serialize(document), "application/json");
                }))
            .WithSummary("The timeline (parley timeline): at each recorded date from the first snapshot on, the required parties' reservation values, the exhaustive zone of agreement, the best packages (top, default 3) and every proposal's verdicts; the same document as `parley timeline --format json` prints")
            .Produces<Parley.Analysis.Contracts.AnalysisDocument<Parley.Analysis.Results.TimelineResult>>().Produces<ProblemDto>(400).Produces<ProblemDto>(404).Produces<ProblemDto>(422).Produces<ProblemDto>(503);
        api.MapGet("/charts/forecast", (string slug, string version, string? model, ulong? seed, string? dimension, ScenarioLibrary library, AnalysisRunner runner, HttpContext http) =>
                WithVersionAsync(library, slug, version, async v =>
                {
                    var forecast = await runner.OnRequestAsync("the forecast", token => Engines.ForecastService.Run(v, model, seed, null, token), http.RequestAborted);
                    return Results.Text(Engines.TrajectorySvg.Render(forecast, dimension ?? forecast.Dimensions[0].Id), "image/svg+xml");
                }))
            .WithSummary("Every actor's path per round on one dimension as SVG (each point's title names the actor and round)")
            .Produces<string>(200, "image/svg+xml");
    }

    private static async Task<IResult> WithVersionAsync(ScenarioLibrary library, string slug, string version, Func<LoadedVersion, Task<IResult>> then)
    {
        LoadedVersion? found = null;
        var refusal = WithVersion(library, slug, version, v => { found = v; return Results.Empty; });
        return found is null ? refusal : await then(found);
    }

    private static IResult WithVersion(ScenarioLibrary library, string slug, string version, Func<LoadedVersion, IResult> then)
    {
        int? number = null;
        if (version != "latest")
        {
            if (!int.TryParse(version, out var n) || n < 1)
                return Results.BadRequest(new ProblemDto($"'{version}' is not a version; give a number from 1 or 'latest'"));
            number = n;
        }
        var loaded = library.Load(slug, number);
        if (loaded is null)
            return library.Store.Find(slug) is { } s
                ? Results.NotFound(new ProblemDto($"scenario '{slug}' has versions 1 to {s.LatestVersion}; there is no version {version}", LatestVersion: s.LatestVersion))
                : NotFound(slug);
        return then(loaded);
    }

    /// <summary>Text as UTF-8 without adding a byte order mark (a kept one is the text's first character), named for download.</summary>
    private static IResult Text(string text, string mediaType, string fileName)
    {
        var bytes = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);
        return Results.File(bytes, $"{mediaType}; charset=utf-8", fileName);
    }

    private static IResult NotFound(string slug) => Results.NotFound(new ProblemDto($"no scenario '{slug}'"));

    internal static IResult Created(LibraryOutcome outcome) => outcome switch
    {
        LibraryOutcome.Saved s => Results.Created($"/api/scenarios/{s.Version.Slug}/versions/{s.Version.Version}",
            new ImportResponse(s.Version.Slug, s.Version.Version, s.Warnings.Select(DiagnosticDto.From).ToList())),
        LibraryOutcome.Invalid i => Results.BadRequest(new ProblemDto(
            $"the scenario has {i.Diagnostics.Count(d => d.Severity == Parley.Core.Diagnostics.Severity.Error)} error(s)", i.Diagnostics.Select(DiagnosticDto.From).ToList())),
        LibraryOutcome.Conflict c => Results.Conflict(new ProblemDto(
            $"version {c.LatestVersion} was saved since version {c.BaseVersion}, which this edit started from; reload the latest version and apply the edit again", LatestVersion: c.LatestVersion)),
        LibraryOutcome.Exists e => Results.Conflict(new ProblemDto(
            $"a scenario with id '{e.Slug}' already exists; save a new version of it instead, or change the id to import a copy")),
        LibraryOutcome.NotFound n => NotFound(n.Slug),
        LibraryOutcome.TooLarge t => Results.Json(new ProblemDto(t.Message), statusCode: StatusCodes.Status413PayloadTooLarge),
        _ => throw new InvalidOperationException($"unexpected {outcome}"),
    };
}
