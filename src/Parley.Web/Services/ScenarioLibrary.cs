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
/// <param name="Yaml">The normalised YAML (the model written back).</param>
/// <param name="Source">The text the version was written in, byte for byte, when it keeps one (see <see cref="ScenarioSource"/>).</param>
public sealed record LoadedVersion(ScenarioVersionInfo Info, string Yaml, string Diff, Scenario Scenario, UtilityModel? Model, IReadOnlyList<Diagnostic> Warnings,
    ScenarioSource? Source = null, DiffBasis DiffBasis = DiffBasis.Normalised)
{
    /// <summary>What export gives and the YAML editor shows: the kept text, else the normalised YAML.</summary>
    public string Document => Source?.Text ?? Yaml;

    /// <summary>The version as YAML: the kept text when it is YAML, else the normalised YAML (a JSON upload is converted).</summary>
    public string YamlExport => Source is { Format: SourceFormat.Yaml } source ? source.Text : Yaml;
}

/// <summary>What importing or saving did.</summary>
public abstract record LibraryOutcome
{
    public sealed record Saved(ScenarioVersionInfo Version, IReadOnlyList<Diagnostic> Warnings) : LibraryOutcome;
    public sealed record Invalid(IReadOnlyList<Diagnostic> Diagnostics) : LibraryOutcome;
    public sealed record Conflict(int BaseVersion, int LatestVersion) : LibraryOutcome;
    public sealed record Exists(string Slug) : LibraryOutcome;
    public sealed record NotFound(string Slug) : LibraryOutcome;
    /// <summary>The scenario text is over <see cref="ParleyWebOptions.MaxScenarioBytes"/>; nothing was stored.</summary>
    public sealed record TooLarge(long Bytes, long Limit) : LibraryOutcome
    {
        public string Message => $"the scenario text is {Api.UploadReader.Describe(Bytes)} ({Bytes} bytes); scenario texts are limited to {Api.UploadReader.Describe(Limit)} ({Limit} bytes, Parley:MaxScenarioBytes)";
    }
}

/// <summary>
/// The scenario library the pages and the API share: import, validated saves (always through the same
/// loader as the CLI), versions and a cache of compiled models.
/// </summary>
public sealed class ScenarioLibrary(ScenarioStore store, ParleyWebOptions? options = null)
{
    /// <summary>The one limit on a scenario text, whichever way it arrives (upload, paste, YAML editor, API save, form edits).</summary>
    public long MaxScenarioBytes { get; } = options?.MaxScenarioBytes ?? ParleyWebOptions.DefaultMaxScenarioBytes;

    /// <summary>A refusal when <paramref name="text"/> is over the limit, else null; counted in UTF-8 bytes as stored.</summary>
    public LibraryOutcome.TooLarge? CheckSize(string text)
    {
        // Each UTF-16 unit is 1 to 3 UTF-8 bytes, so only texts near the limit are counted exactly.
        if (text.Length <= MaxScenarioBytes / 3) return null;
        var bytes = System.Text.Encoding.UTF8.GetByteCount(text);
        return bytes > MaxScenarioBytes ? new LibraryOutcome.TooLarge(bytes, MaxScenarioBytes) : null;
    }

    private const int CacheLimit = 64;
    private readonly ConcurrentDictionary<(string, int), LoadedVersion> _cache = new();

    public ScenarioStore Store => store;

    /// <summary>Diagnostic code of the warning that a version's text was regenerated from the model instead of edited in place.</summary>
    public const string TextRegenerated = "text-regenerated";

    /// <summary>
    /// Validates and stores a new scenario: the normalised YAML (the model written back, which the loader
    /// must read back without error) and, unless <paramref name="keepText"/> is false (text converted from
    /// another format), the text itself byte for byte, a leading byte order mark included when
    /// <paramref name="byteOrderMark"/> says the upload had one.
    /// </summary>
    public LibraryOutcome Import(string text, string fileName, string author, string? message = null, bool keepText = true, bool byteOrderMark = false)
    {
        if (CheckSize(text) is { } tooLarge) return tooLarge;
        var result = Parley.Analysis.Contracts.ScenarioSections.Check(ScenarioLoader.LoadText(text, fileName), null);
        if (!result.Succeeded) return new LibraryOutcome.Invalid(result.Diagnostics);
        var scenario = result.Scenario!;
        // The format allows any length; the workbench puts ids in URLs and headers, so it holds them to ScenarioIds.MaxLength.
        if (Api.ScenarioIds.Problem(scenario.Id) is { } badId)
            return new LibraryOutcome.Invalid([.. result.Diagnostics, new Diagnostic(Severity.Error, DiagnosticCodes.InvalidId, badId, "id", null)]);
        var yaml = ScenarioYamlWriter.Write(scenario);
        var check = Validate(yaml, scenario.Id);
        if (!check.Succeeded) return new LibraryOutcome.Invalid(check.Diagnostics);
        var source = keepText ? ScenarioSource.Of(text, byteOrderMark) : null;
        return store.Create(scenario.Id, scenario.Title, yaml, Author(author), message ?? $"imported from {fileName}", source) switch
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
        var total = files.Sum(f => (long)System.Text.Encoding.UTF8.GetByteCount(f.Text));
        if (total > MaxScenarioBytes) return new LibraryOutcome.TooLarge(total, MaxScenarioBytes);
        var kind = ImportFormats.Detect(files, format);
        if (kind == ImportFormat.Scenario) return Import(files[0].Text, files[0].Name, author, byteOrderMark: files[0].ByteOrderMark);
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
        // The converted YAML is not the user's text, so only the normalised form is stored, as for every import before.
        var outcome = Import(yaml, Path.ChangeExtension(files[0].Name, ".yaml"), author, $"imported from {label} {names}", keepText: false);
        return outcome is LibraryOutcome.Saved saved && diagnostics.Count > 0 ? saved with { Warnings = [.. diagnostics, .. saved.Warnings] } : outcome;
    }

    /// <summary>Saves edited YAML (or JSON) as the version after <paramref name="baseVersion"/>, keeping the text as written.</summary>
    public LibraryOutcome SaveYaml(string slug, int baseVersion, string text, string author, string? message)
    {
        if (CheckSize(text) is { } tooLarge) return tooLarge;
        var result = Validate(text, slug);
        if (!result.Succeeded) return new LibraryOutcome.Invalid(result.Diagnostics);
        var yaml = ScenarioYamlWriter.Write(result.Scenario!);
        var check = Validate(yaml, slug);
        if (!check.Succeeded) return new LibraryOutcome.Invalid(check.Diagnostics);
        return Persist(slug, baseVersion, result.Scenario!, yaml, ScenarioSource.Of(text), author, message, result.Diagnostics);
    }

    /// <summary>
    /// Applies form edits to <paramref name="baseVersion"/> and saves the result as the next version. When the
    /// base version keeps its text, number edits are made in that text (<see cref="ScenarioTextEditor"/>) and the
    /// new version keeps it too, provided it loads to exactly the model the edits give. Otherwise the version
    /// holds only regenerated YAML: its message and a warning say so.
    /// </summary>
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
        // Edits can grow a scenario too (a long description, many proposals): the limit holds for what is stored.
        if (CheckSize(yaml) is { } tooLarge) return tooLarge;
        var result = Validate(yaml, slug);
        if (!result.Succeeded) return new LibraryOutcome.Invalid(result.Diagnostics);
        if (loaded.Source is not { } baseText)
            return Persist(slug, baseVersion, result.Scenario!, yaml, null, author, message, result.Diagnostics);

        var (source, reason) = EditText(baseText, loaded.Scenario, edits, yaml, slug);
        if (source is not null && CheckSize(source.Text) is { } sourceTooLarge) return sourceTooLarge;
        if (source is not null)
            return Persist(slug, baseVersion, result.Scenario!, yaml, source, author, message, result.Diagnostics);
        var note = $"text regenerated from the model ({reason}): comments and layout of v{baseVersion} are not kept in this version";
        var warning = new Diagnostic(Severity.Warning, TextRegenerated, note, "", null);
        var annotated = string.IsNullOrWhiteSpace(message) ? note : $"{message.Trim()} [{note}]";
        return Persist(slug, baseVersion, result.Scenario!, yaml, null, author, annotated, [.. result.Diagnostics, warning]);
    }

    /// <summary>The kept text with the edits made in place, if it loads to the same model as the normalised YAML <paramref name="yaml"/> of the edited model.</summary>
    private static (ScenarioSource? Source, string? Reason) EditText(ScenarioSource baseText, Scenario before, IReadOnlyList<ScenarioEdit> edits, string yaml, string slug)
    {
        var edit = ScenarioTextEditor.Apply(baseText, before, edits);
        if (edit.Source is not { } source) return (null, edit.Reason);
        var reloaded = Validate(source.Body, slug);
        if (!reloaded.Succeeded) return (null, "the text edited in place does not load");
        // The writer's output is a complete, deterministic rendering of the model, so equal output means an equal model.
        return ScenarioYamlWriter.Write(reloaded.Scenario!) == yaml ? (source, null) : (null, "the text edited in place would mean something else than the edit");
    }

    private LibraryOutcome Persist(string slug, int baseVersion, Scenario scenario, string yaml, ScenarioSource? source, string author, string? message, IReadOnlyList<Diagnostic> diagnostics) =>
        store.Save(slug, baseVersion, scenario.Title, yaml, Author(author), string.IsNullOrWhiteSpace(message) ? null : message.Trim(), source) switch
        {
            SaveOutcome.Saved s => new LibraryOutcome.Saved(s.Version, Warnings(diagnostics)),
            SaveOutcome.Conflict c => new LibraryOutcome.Conflict(c.BaseVersion, c.LatestVersion),
            SaveOutcome.NotFound n => new LibraryOutcome.NotFound(n.Slug),
            var other => throw new InvalidOperationException($"unexpected {other}"),
        };

    /// <summary>Loads like the CLI does, and also insists that the scenario keeps the id it is stored under.</summary>
    private static LoadResult Validate(string yaml, string expectedId)
    {
        var result = Parley.Analysis.Contracts.ScenarioSections.Check(ScenarioLoader.LoadText(yaml, $"{expectedId}.yaml"), null);
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
        // The kept text when there is one, so warnings point at lines of the text the user wrote and exports.
        var result = stored.Source is { } source
            ? ScenarioLoader.LoadText(source.Body, $"{slug}{source.Extension}")
            : ScenarioLoader.LoadText(stored.Yaml, $"{slug}.yaml");
        // Stored versions were validated on save; an error here means the core's rules changed since.
        var scenario = result.GetOrThrow();
        var model = scenario.Preferences.Count == 0 ? null : new UtilityModel(scenario);
        var loaded = new LoadedVersion(stored.Info, stored.Yaml, stored.Diff, scenario, model, Warnings(result.Diagnostics), stored.Source, stored.DiffBasis);
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
        return BridgeDto.From(scenario, proposal, result);
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

/// <summary>A request refused because of a limit on the work the server takes on: 429 (queue full), 503 (engine busy), 422 (over the request budget).</summary>
public sealed class LimitException(int status, string message, int? retryAfterSeconds = null) : Exception(message)
{
    public int Status { get; } = status;
    public int? RetryAfterSeconds { get; } = retryAfterSeconds;
}

/// <summary>A request the API refuses with 400 and this message (and the field it concerns).</summary>
public sealed class RequestException(string message, string? path = null) : Exception(message)
{
    public string? Path { get; } = path;
}
