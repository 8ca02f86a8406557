using System.Collections.Concurrent;
using Parley.Bargaining;
using Parley.Core.Diagnostics;
using Parley.Core.Evaluation;
using Parley.Core.Format;
using Parley.Core.Model;
using Parley.Storage;
using Parley.Web.Services.Imports;

namespace Parley.Web.Services;

/// <summary>A stored version parsed and compiled once; versions never change, so it is cached by (slug, version).</summary>
public sealed record LoadedVersion(ScenarioVersionInfo Info, string Yaml, string Diff, Scenario Scenario, UtilityModel? Model, IReadOnlyList<Diagnostic> Warnings);

/// <summary>What importing or saving did.</summary>
public abstract record LibraryOutcome
{
    public sealed record Saved(ScenarioVersionInfo Version, IReadOnlyList<Diagnostic> Warnings) : LibraryOutcome;
    public sealed record Invalid(IReadOnlyList<Diagnostic> Diagnostics) : LibraryOutcome;
    public sealed record Conflict(int BaseVersion, int LatestVersion) : LibraryOutcome;
    public sealed record Exists(string Slug) : LibraryOutcome;
    public sealed record NotFound(string Slug) : LibraryOutcome;
}

/// <summary>
/// The scenario library the pages and the API share: import, validated saves (always through the same
/// loader as the CLI), versions and a cache of compiled models.
/// </summary>
public sealed class ScenarioLibrary(ScenarioStore store)
{
    private const int CacheLimit = 64;
    private readonly ConcurrentDictionary<(string, int), LoadedVersion> _cache = new();

    public ScenarioStore Store => store;

    /// <summary>
    /// Validates and stores a new scenario. The text is stored normalised (written back from the model), so
    /// later form edits diff line by line against it; comments and layout of the upload are not kept.
    /// </summary>
    public LibraryOutcome Import(string text, string fileName, string author, string? message = null)
    {
        var result = ScenarioLoader.LoadText(text, fileName);
        if (!result.Succeeded) return new LibraryOutcome.Invalid(result.Diagnostics);
        var scenario = result.Scenario!;
        var yaml = ScenarioYamlWriter.Write(scenario);
        var check = Validate(yaml, scenario.Id);
        if (!check.Succeeded) return new LibraryOutcome.Invalid(check.Diagnostics);
        return store.Create(scenario.Id, scenario.Title, yaml, Author(author), message ?? $"imported from {fileName}") switch
        {
            SaveOutcome.Saved s => new LibraryOutcome.Saved(s.Version, Warnings(result.Diagnostics)),
            SaveOutcome.AlreadyExists e => new LibraryOutcome.Exists(e.Slug),
            var other => throw new InvalidOperationException($"unexpected {other}"),
        };
    }

    /// <summary>
    /// Imports uploaded files in any format the CLI reads: a Parley scenario (YAML/JSON) as it is, a gmcr-py,
    /// Genius or KTAB file converted into a scenario first (see the converters in Services/Imports).
    /// </summary>
    public LibraryOutcome ImportFiles(IReadOnlyList<ImportedFile> files, string? format, string author)
    {
        if (files.Count == 0) throw new RequestException("no file was uploaded", "file");
        var kind = ImportFormats.Detect(files, format);
        if (kind == ImportFormat.Scenario) return Import(files[0].Text, files[0].Name, author);
        var (yaml, diagnostics) = kind switch
        {
            ImportFormat.Gmcr => GmcrConverter.Convert(files[0]),
            ImportFormat.Genius => GeniusConverter.Convert(files),
            ImportFormat.KtabCsv => KtabConverter.Convert(files[0], xml: false),
            _ => KtabConverter.Convert(files[0], xml: true),
        };
        if (yaml is null) return new LibraryOutcome.Invalid(diagnostics);
        var names = string.Join(", ", files.Select(f => f.Name));
        var label = kind switch { ImportFormat.Gmcr => "gmcr-py", ImportFormat.Genius => "Genius", _ => "KTAB" };
        var outcome = Import(yaml, Path.ChangeExtension(files[0].Name, ".yaml"), author, $"imported from {label} {names}");
        return outcome is LibraryOutcome.Saved saved && diagnostics.Count > 0 ? saved with { Warnings = [.. diagnostics, .. saved.Warnings] } : outcome;
    }

    /// <summary>Saves edited YAML as the version after <paramref name="baseVersion"/>.</summary>
    public LibraryOutcome SaveYaml(string slug, int baseVersion, string text, string author, string? message)
    {
        var result = Validate(text, slug);
        if (!result.Succeeded) return new LibraryOutcome.Invalid(result.Diagnostics);
        var yaml = ScenarioYamlWriter.Write(result.Scenario!);
        return Persist(slug, baseVersion, result.Scenario!, yaml, author, message, result.Diagnostics);
    }

    /// <summary>Applies form edits to <paramref name="baseVersion"/> and saves the result as the next version.</summary>
    public LibraryOutcome SaveEdits(string slug, int baseVersion, IReadOnlyList<ScenarioEdit> edits, string author, string? message)
    {
        var loaded = Load(slug, baseVersion);
        if (loaded is null) return new LibraryOutcome.NotFound(slug);
        Scenario edited;
        try
        {
            edited = ScenarioEditor.Apply(loaded.Scenario, edits);
        }
        catch (EditException e)
        {
            return new LibraryOutcome.Invalid([new Diagnostic(Severity.Error, DiagnosticCodes.UnknownReference, e.Message, e.Path, null)]);
        }
        var yaml = ScenarioYamlWriter.Write(edited);
        var result = Validate(yaml, slug);
        if (!result.Succeeded) return new LibraryOutcome.Invalid(result.Diagnostics);
        return Persist(slug, baseVersion, result.Scenario!, yaml, author, message, result.Diagnostics);
    }

    private LibraryOutcome Persist(string slug, int baseVersion, Scenario scenario, string yaml, string author, string? message, IReadOnlyList<Diagnostic> diagnostics) =>
        store.Save(slug, baseVersion, scenario.Title, yaml, Author(author), string.IsNullOrWhiteSpace(message) ? null : message.Trim()) switch
        {
            SaveOutcome.Saved s => new LibraryOutcome.Saved(s.Version, Warnings(diagnostics)),
            SaveOutcome.Conflict c => new LibraryOutcome.Conflict(c.BaseVersion, c.LatestVersion),
            SaveOutcome.NotFound n => new LibraryOutcome.NotFound(n.Slug),
            var other => throw new InvalidOperationException($"unexpected {other}"),
        };

    /// <summary>Loads like the CLI does, and also insists that the scenario keeps the id it is stored under.</summary>
    private static LoadResult Validate(string yaml, string expectedId)
    {
        var result = ScenarioLoader.LoadText(yaml, $"{expectedId}.yaml");
        if (result.Succeeded && result.Scenario!.Id != expectedId)
            return new LoadResult(null, [.. result.Diagnostics, new Diagnostic(Severity.Error, DiagnosticCodes.InvalidId,
                $"the scenario is stored as '{expectedId}'; its id cannot change to '{result.Scenario.Id}' (import it as a new scenario instead)", "id", null)]);
        return result;
    }

    private static IReadOnlyList<Diagnostic> Warnings(IReadOnlyList<Diagnostic> diagnostics) => diagnostics.Where(d => d.Severity == Severity.Warning).ToList();

    private static string Author(string? author) => string.IsNullOrWhiteSpace(author) ? "anonymous" : author.Trim();

    /// <summary>A stored version parsed and compiled; <paramref name="version"/> null means the latest. Null when it does not exist.</summary>
    public LoadedVersion? Load(string slug, int? version = null)
    {
        if (version is { } v && _cache.TryGetValue((slug, v), out var cached)) return cached;
        var stored = store.Get(slug, version);
        if (stored is null) return null;
        var key = (slug, stored.Info.Version);
        if (_cache.TryGetValue(key, out cached)) return cached;
        var result = ScenarioLoader.LoadText(stored.Yaml, $"{slug}.yaml");
        // Stored versions were validated on save; an error here means the core's rules changed since.
        var scenario = result.GetOrThrow();
        var model = scenario.Preferences.Count == 0 ? null : new UtilityModel(scenario);
        var loaded = new LoadedVersion(stored.Info, stored.Yaml, stored.Diff, scenario, model, Warnings(result.Diagnostics));
        if (_cache.Count >= CacheLimit) _cache.Clear();
        _cache[key] = loaded;
        return loaded;
    }

    /// <summary>Evaluates a package (terms by issue id, or a recorded proposal) against one version.</summary>
    public static EvaluationDto Evaluate(LoadedVersion loaded, IReadOnlyDictionary<string, string>? terms, string? proposalId)
    {
        var (model, package, proposal) = Resolve(loaded, terms, proposalId);
        return EvaluationDto.From(loaded.Scenario, ProposalEvaluator.Evaluate(model, package), proposal);
    }

    /// <summary>
    /// The acceptable packages closest to a package or proposal (<c>parley bridge</c>): fewest changes to the
    /// issues it settles, and, when a party authored it, the one that costs the author least.
    /// </summary>
    public static BridgeDto Bridge(LoadedVersion loaded, IReadOnlyDictionary<string, string>? terms, string? proposalId, string? authorPartyId = null, CancellationToken cancellation = default)
    {
        var (model, package, proposal) = Resolve(loaded, terms, proposalId);
        var scenario = loaded.Scenario;
        BridgingResult result;
        try
        {
            result = Bridging.Find(new BargainingProblem(model), package.Choices.ToArray(), proposal?.PartyId ?? authorPartyId, cancellation);
        }
        catch (NotSupportedException e)
        {
            throw new RequestException(e.Message);
        }
        BridgeOptionDto? Option(Bridge? bridge) => bridge is null ? null : new BridgeOptionDto(
            new Package(bridge.Package).ToTerms(scenario), bridge.ChangeCount,
            bridge.Changes.Concat(bridge.Settled).Select(m => $"{scenario.Issues[m.Issue].Id}: {(m.From is { } f ? scenario.Issues[m.Issue].Options[f].Id : "open")} → {scenario.Issues[m.Issue].Options[m.To].Id}").ToList(),
            bridge.Shifts.Select(x => new BridgeShiftDto(x.PartyId, x.Required, x.ProposalMin, x.ProposalMax, x.Bridge, x.Gain)).ToList(),
            bridge.EquallyGoodPackages.ToString());
        return new BridgeDto(package.ToTerms(scenario), Option(result.FewestChanges), Option(result.LeastCostToAuthor), result.AuthorPartyId, result.AuthorCost, result.Note);
    }

    private static (UtilityModel Model, Package Package, Proposal? Proposal) Resolve(LoadedVersion loaded, IReadOnlyDictionary<string, string>? terms, string? proposalId)
    {
        var scenario = loaded.Scenario;
        var model = loaded.Model ?? throw new RequestException($"scenario '{scenario.Id}' has no preferences, so packages cannot be evaluated");
        Proposal? proposal = null;
        if (proposalId is not null)
        {
            proposal = scenario.FindProposal(proposalId)
                ?? throw new RequestException($"scenario '{scenario.Id}' has no proposal '{proposalId}'{DidYouMean.Hint(proposalId, scenario.Proposals.Select(p => p.Id))}", "proposal");
            terms = proposal.Terms;
        }
        var checkedTerms = new Dictionary<string, string>();
        foreach (var (issueId, optionId) in terms ?? new Dictionary<string, string>())
        {
            if (string.IsNullOrEmpty(optionId)) continue;
            var issue = scenario.FindIssue(issueId)
                ?? throw new RequestException($"no issue '{issueId}'{DidYouMean.Hint(issueId, scenario.Issues.Select(i => i.Id))}", $"terms.{issueId}");
            if (issue.IndexOfOption(optionId) < 0)
                throw new RequestException($"issue '{issue.Id}' has no option '{optionId}'{DidYouMean.Hint(optionId, issue.Options.Select(o => o.Id))}; options: {string.Join(", ", issue.Options.Select(o => o.Id))}", $"terms.{issueId}");
            checkedTerms[issueId] = optionId;
        }
        return (model, Package.FromTerms(scenario, checkedTerms), proposal);
    }
}

/// <summary>A request the API refuses with 400 and this message (and the field it concerns).</summary>
public sealed class RequestException(string message, string? path = null) : Exception(message)
{
    public string? Path { get; } = path;
}
