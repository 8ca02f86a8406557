using System.Text.RegularExpressions;
using Parley.Core.Diagnostics;
using Parley.Core.Model;
using YamlDotNet.RepresentationModel;

namespace Parley.Core.Format;

/// <summary>
/// Turns a parsed YAML (or JSON) document into a <see cref="Scenario"/>, collecting every problem with its
/// place. Unknown top-level keys become <see cref="Scenario.Extensions"/> for the engines that own them.
/// </summary>
internal sealed partial class ScenarioReader
{
    private static readonly string[] TopLevelKeys =
        ["id", "title", "description", "sources", "parties", "issues", "preferences", "snapshots", "positions", "proposals", "agreement"];

    /// <summary>Sections owned by engines; any other unknown top-level key is reported as a likely typo.</summary>
    public static readonly IReadOnlySet<string> KnownExtensionSections =
        new HashSet<string> { "conflict", "spatial", "timeline", "robustness", "metadata" };

    private readonly YamlReader _yaml;
    private readonly QuantityReader _quantities;
    private readonly Dictionary<string, Issue> _issues = [];
    private readonly HashSet<string> _parties = [];
    private int _partiesWithoutRole;
    // Parties whose main preferences were written but could not be read (a misspelt key counts for every party it is
    // close to); checks that a party has preferences stay quiet about them, the first error having said it.
    private readonly Misnamed _unreadPreferences = new();
    private readonly Dictionary<string, (YamlNode Node, string Path)> _sourceFiles = [];

    public ScenarioReader(YamlReader yaml)
    {
        _yaml = yaml;
        _quantities = new QuantityReader(yaml);
    }

    public IReadOnlyList<(Citation Citation, YamlNode Node, string Path)> Citations => _quantities.Citations;

    /// <summary>Where each source's <c>file</c> is written, by source id.</summary>
    public IReadOnlyDictionary<string, (YamlNode Node, string Path)> SourceFiles => _sourceFiles;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    private static partial Regex IdPattern();

    public Scenario? Read(YamlNode root)
    {
        var map = _yaml.AsMap(root, "", "a scenario mapping at the top level");
        if (map is null) return null;

        var extensions = new Dictionary<string, ScenarioSection>();
        foreach (var (keyNode, value) in map.Children)
        {
            var key = YamlReader.KeyText(keyNode);
            if (TopLevelKeys.Contains(key)) continue;
            if (KnownExtensionSections.Contains(key) || DidYouMean.Suggest(key, TopLevelKeys) is null)
                extensions[key] = new ScenarioSection(key, value, _yaml.File);
            else
                _yaml.Error(keyNode, key, DiagnosticCodes.UnknownKey, $"unknown top-level key '{key}'{DidYouMean.Hint(key, TopLevelKeys)}");
        }

        var id = _yaml.String(map, "", "id", required: true);
        if (id is not null) CheckId(map, "id", id);
        var title = _yaml.String(map, "", "title", required: true);
        var description = _yaml.String(map, "", "description");

        var sources = ReadList(map, "sources", required: true, ReadSource);
        CheckUnique(sources, s => s.Item.Id, "sources");
        var parties = ReadList(map, "parties", required: true, ReadParty);
        CheckUnique(parties, p => p.Item.Id, "parties");
        foreach (var p in parties) _parties.Add(p.Item.Id);
        var issues = ReadList(map, "issues", required: true, ReadIssue);
        CheckUnique(issues, i => i.Item.Id, "issues");
        foreach (var i in issues) _issues.TryAdd(i.Item.Id, i.Item);

        var preferences = ReadPreferences(map);
        var snapshots = ReadSnapshots(map, preferences);
        var positions = ReadList(map, "positions", required: false, ReadPosition);
        var proposals = ReadList(map, "proposals", required: false, ReadProposal);
        CheckUnique(proposals, p => p.Item.Id, "proposals");
        var agreement = ReadAgreement(map, parties.Select(p => p.Item).ToList());
        if (preferences.Count > 0)
            foreach (var partyId in agreement.RequiredParties.Where(id => !preferences.ContainsKey(id) && !_unreadPreferences.Covers(id)))
                _yaml.Error(_yaml.Child(map, "agreement") ?? map, "agreement.required", DiagnosticCodes.MissingValue,
                    $"party '{partyId}' must accept an agreement but has no preferences");

        CheckCitationSources(sources.Select(s => s.Item).ToList());

        if (id is null || title is null) return null;
        return new Scenario(id, title, description,
            sources.Select(s => s.Item).ToList(),
            parties.Select(p => p.Item).ToList(),
            issues.Select(i => i.Item).ToList(),
            preferences,
            positions.Select(p => p.Item).ToList(),
            proposals.Select(p => p.Item).ToList(),
            agreement,
            extensions) { Snapshots = snapshots.OrderBy(x => x.Date).ToList() };
    }

    private List<Snapshot> ReadSnapshots(YamlMappingNode root, IReadOnlyDictionary<string, PartyPreferences> preferences)
    {
        var result = new List<Snapshot>();
        var node = _yaml.Child(root, "snapshots");
        if (node is null || YamlReader.IsNull(node) || _yaml.AsList(node, "snapshots") is not { } list) return result;
        var dates = new HashSet<PartialDate>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            var path = YamlReader.Index("snapshots", i);
            if (_yaml.AsMap(list.Children[i], path) is not { } map) continue;
            _yaml.CheckKeys(map, path, "date", "label", "note", "cite", "preferences");
            var date = _yaml.Required(map, path, "date") is { } d ? _yaml.Date(d, YamlReader.Join(path, "date")) : null;
            var citations = ReadCitations(map, path);
            var snapshotBasis = new Provenance(null, citations);
            var overrides = new Dictionary<string, PartyPreferences>();
            var prefsPath = YamlReader.Join(path, "preferences");
            if (_yaml.Required(map, path, "preferences") is { } pNode && _yaml.AsMap(pNode, prefsPath) is { } pMap)
            {
                foreach (var (keyNode, value) in pMap.Children)
                {
                    var partyId = YamlReader.KeyText(keyNode);
                    var partyPath = YamlReader.Join(prefsPath, partyId);
                    if (!CheckParty(partyId, keyNode, partyPath)) continue;
                    if (!preferences.TryGetValue(partyId, out var baseline))
                    {
                        if (_unreadPreferences.Covers(partyId)) continue;
                        _yaml.Error(keyNode, partyPath, DiagnosticCodes.MissingValue,
                            $"party '{partyId}' has no main preferences for this snapshot to change; add them under preferences first");
                        continue;
                    }
                    if (_yaml.AsMap(value, partyPath) is { } partyMap)
                        overrides[partyId] = ReadPartyPreferences(partyId, partyMap, partyPath, baseline, snapshotBasis);
                }
            }
            if (date is null) continue;
            if (!dates.Add(date.Value))
                _yaml.Error(map, YamlReader.Join(path, "date"), DiagnosticCodes.DuplicateId, $"two snapshots share the date {date}");
            result.Add(new Snapshot(date.Value, _yaml.String(map, path, "label"), _yaml.String(map, path, "note"), overrides, citations));
        }
        return result;
    }

    // ---- lists ---------------------------------------------------------------------------------------

    private List<(T Item, YamlNode Node)> ReadList<T>(YamlMappingNode map, string key, bool required, Func<YamlMappingNode, string, T?> readItem)
        where T : class
    {
        var node = required ? _yaml.Required(map, "", key) : _yaml.Child(map, key);
        var result = new List<(T, YamlNode)>();
        if (node is null || YamlReader.IsNull(node)) return result;
        var list = _yaml.AsList(node, key);
        if (list is null) return result;
        if (required && list.Children.Count == 0)
            _yaml.Error(list, key, DiagnosticCodes.Empty, $"'{key}' must list at least one entry");
        for (var i = 0; i < list.Children.Count; i++)
        {
            var path = YamlReader.Index(key, i);
            var itemMap = _yaml.AsMap(list.Children[i], path);
            if (itemMap is null) continue;
            if (readItem(itemMap, path) is { } item) result.Add((item, itemMap));
        }
        return result;
    }

    private void CheckUnique<T>(List<(T Item, YamlNode Node)> items, Func<(T Item, YamlNode Node), string> id, string path)
    {
        var seen = new HashSet<string>();
        for (var i = 0; i < items.Count; i++)
            if (!seen.Add(id(items[i])))
                _yaml.Error(items[i].Node, YamlReader.Index(path, i), DiagnosticCodes.DuplicateId, $"duplicate id '{id(items[i])}' in {path}");
    }

    private void CheckId(YamlMappingNode map, string path, string id)
    {
        if (!IdPattern().IsMatch(id))
            _yaml.Error(_yaml.Child(map, "id") ?? map, path, DiagnosticCodes.InvalidId,
                $"'{id}' is not a valid id: use letters, digits, '-', '_' and '.', starting with a letter or digit");
    }

    private string? ReadId(YamlMappingNode map, string path)
    {
        var id = _yaml.String(map, path, "id", required: true);
        if (id is not null) CheckId(map, YamlReader.Join(path, "id"), id);
        return id;
    }

    // ---- entities ------------------------------------------------------------------------------------

    private Source? ReadSource(YamlMappingNode map, string path)
    {
        _yaml.CheckKeys(map, path, "id", "title", "authors", "author", "publication", "date", "file", "url", "note");
        var id = ReadId(map, path);
        var title = _yaml.String(map, path, "title", required: true);
        var authors = new List<string>();
        foreach (var key in new[] { "authors", "author" })
            if (_yaml.Child(map, key) is { } node && !YamlReader.IsNull(node))
                authors.AddRange(_yaml.ScalarList(node, YamlReader.Join(path, key)).Select(a => a.Value));
        var publication = _yaml.String(map, path, "publication");
        var date = _yaml.Child(map, "date") is { } d && !YamlReader.IsNull(d) ? _yaml.Date(d, YamlReader.Join(path, "date")) : null;
        var file = _yaml.String(map, path, "file");
        if (file is not null && _yaml.Child(map, "file") is { } fileNode)
        {
            if (InputFile.OutsideProblem(file) is { } problem)
            {
                _yaml.Error(fileNode, YamlReader.Join(path, "file"), DiagnosticCodes.UnsafePath, problem);
                file = null;
            }
            else if (id is not null) _sourceFiles[id] = (fileNode, YamlReader.Join(path, "file"));
        }
        return id is null || title is null ? null
            : new Source(id, title, authors, publication, date, file) { Url = _yaml.String(map, path, "url"), Note = _yaml.String(map, path, "note") };
    }

    private Party? ReadParty(YamlMappingNode map, string path)
    {
        _yaml.CheckKeys(map, path, "id", "name", "role", "description", "cite");
        var id = ReadId(map, path);
        var name = _yaml.String(map, path, "name", required: true);
        var roleText = _yaml.String(map, path, "role", required: true);
        var role = roleText is null ? null : PartyRoles.Parse(roleText);
        if (roleText is not null && role is null)
            _yaml.Error(_yaml.Child(map, "role")!, YamlReader.Join(path, "role"), DiagnosticCodes.WrongType,
                $"unknown role '{roleText}'{DidYouMean.Hint(roleText, PartyRoles.All)}; use one of {string.Join(", ", PartyRoles.All)}");
        var citations = ReadCitations(map, path);
        // A party with an id stays referable whatever else is wrong with it (its name, its role), so one mistake does
        // not cascade into "unknown party" errors wherever the party is named.
        if (id is not null) _parties.Add(id);
        if (role is null) _partiesWithoutRole++;
        return id is null || role is null ? null
            : new Party(id, name ?? id, role.Value, _yaml.String(map, path, "description"), citations);
    }

    private Issue? ReadIssue(YamlMappingNode map, string path)
    {
        _yaml.CheckKeys(map, path, "id", "name", "description", "options", "cite");
        var id = ReadId(map, path);
        var name = _yaml.String(map, path, "name", required: true);
        var options = new List<IssueOption>();
        var optionsPath = YamlReader.Join(path, "options");
        if (_yaml.Required(map, path, "options") is { } node && _yaml.AsList(node, optionsPath) is { } list)
        {
            if (list.Children.Count < 2)
                _yaml.Error(list, optionsPath, DiagnosticCodes.Empty, "an issue needs at least two options to negotiate over");
            if (list.Children.Count > ScenarioLimits.MaxOptionsPerIssue)
                _yaml.Error(list, optionsPath, DiagnosticCodes.TooLarge, $"an issue may have at most {ScenarioLimits.MaxOptionsPerIssue} options");
            var seen = new HashSet<string>();
            for (var i = 0; i < list.Children.Count; i++)
            {
                var optionPath = YamlReader.Index(optionsPath, i);
                if (_yaml.AsMap(list.Children[i], optionPath) is not { } optionMap) continue;
                _yaml.CheckKeys(optionMap, optionPath, "id", "label", "description");
                var optionId = ReadId(optionMap, optionPath);
                var label = _yaml.String(optionMap, optionPath, "label") ?? optionId;
                if (optionId is null) continue;
                if (!seen.Add(optionId))
                    _yaml.Error(optionMap, optionPath, DiagnosticCodes.DuplicateId, $"duplicate option id '{optionId}' in issue '{id}'");
                options.Add(new IssueOption(optionId, label!, _yaml.String(optionMap, optionPath, "description")));
            }
        }
        var citations = ReadCitations(map, path);
        return id is null ? null : new Issue(id, name ?? id, _yaml.String(map, path, "description"), options, citations);
    }

    private Position? ReadPosition(YamlMappingNode map, string path)
    {
        _yaml.CheckKeys(map, path, "party", "date", "stance", "note", "cite");
        var party = ReadPartyReference(map, path, "party", required: true);
        var date = _yaml.Required(map, path, "date") is { } d ? _yaml.Date(d, YamlReader.Join(path, "date")) : null;
        var stance = ReadTerms(map, path, "stance", required: true);
        var citations = ReadCitations(map, path);
        return party is null || date is null || stance is null ? null
            : new Position(party, date.Value, stance, _yaml.String(map, path, "note"), citations);
    }

    private Proposal? ReadProposal(YamlMappingNode map, string path)
    {
        _yaml.CheckKeys(map, path, "id", "name", "author", "party", "date", "terms", "description", "cite");
        var id = ReadId(map, path);
        var name = _yaml.String(map, path, "name", required: true);
        var author = _yaml.String(map, path, "author", required: true);
        var party = ReadPartyReference(map, path, "party", required: false);
        var date = _yaml.Child(map, "date") is { } d && !YamlReader.IsNull(d) ? _yaml.Date(d, YamlReader.Join(path, "date")) : null;
        var terms = ReadTerms(map, path, "terms", required: true);
        var citations = ReadCitations(map, path);
        return id is null || name is null || author is null || terms is null ? null
            : new Proposal(id, name, author, party, date, terms, _yaml.String(map, path, "description"), citations);
    }

    private AgreementRule ReadAgreement(YamlMappingNode map, IReadOnlyList<Party> parties)
    {
        var belligerents = parties.Where(p => p.Role.IsBelligerent()).Select(p => p.Id).ToList();
        var node = _yaml.Child(map, "agreement");
        if (node is null || YamlReader.IsNull(node))
        {
            if (belligerents.Count == 0 && parties.Count > 0 && _partiesWithoutRole == 0)
                _yaml.Error(map, "agreement", DiagnosticCodes.MissingKey,
                    "no party is a belligerent or an armed-group, so say which parties must accept: agreement: {required: [..]}");
            return new AgreementRule(belligerents);
        }
        if (_yaml.AsMap(node, "agreement") is not { } agreementMap) return new AgreementRule(belligerents);
        _yaml.CheckKeys(agreementMap, "agreement", "required");
        var requiredNode = _yaml.Required(agreementMap, "agreement", "required");
        if (requiredNode is null) return new AgreementRule(belligerents);
        var required = new List<string>();
        foreach (var (value, valueNode) in _yaml.ScalarList(requiredNode, "agreement.required"))
            if (CheckParty(value, valueNode, "agreement.required")) required.Add(value);
        if (required.Count == 0)
            _yaml.Error(requiredNode, "agreement.required", DiagnosticCodes.Empty, "at least one party must be required to accept");
        return new AgreementRule(required.Distinct().ToList());
    }

    // ---- preferences ---------------------------------------------------------------------------------

    private Dictionary<string, PartyPreferences> ReadPreferences(YamlMappingNode root)
    {
        var result = new Dictionary<string, PartyPreferences>();
        var node = _yaml.Child(root, "preferences");
        if (node is null || YamlReader.IsNull(node) || _yaml.AsMap(node, "preferences") is not { } map) return result;
        foreach (var (keyNode, value) in map.Children)
        {
            var partyId = YamlReader.KeyText(keyNode);
            var path = YamlReader.Join("preferences", partyId);
            if (!CheckParty(partyId, keyNode, path))
            {
                _unreadPreferences.Add(partyId, _parties);
                continue;
            }
            if (_yaml.AsMap(value, path) is not { } partyMap)
            {
                _unreadPreferences.Add(partyId, _parties);
                continue;
            }
            result[partyId] = ReadPartyPreferences(partyId, partyMap, path);
        }
        return result;
    }

    /// <param name="baseline">For a snapshot: the scenario's main preferences, which every key left out keeps; null for the main preferences, where keys are required.</param>
    private PartyPreferences ReadPartyPreferences(string partyId, YamlMappingNode map, string path, PartyPreferences? baseline = null, Provenance? inheritedBasis = null)
    {
        _yaml.CheckKeys(map, path, "basis", "reservation", "weights", "values", "red_lines", "utility_cap");
        var basis = ReadBasis(map, path, inheritedBasis ?? Provenance.None);
        var partial = baseline is not null;

        // A missing reservation is reported; the placeholder keeps the party known so later checks do not cascade.
        var reservation = baseline?.Reservation ?? Quantity.Exact(0);
        if ((partial ? _yaml.Child(map, "reservation") : _yaml.Required(map, path, "reservation")) is { } r)
        {
            if (ReadQuantity(r, YamlReader.Join(path, "reservation"), basis) is { } read)
            {
                CheckUnitInterval(read, r, YamlReader.Join(path, "reservation"));
                reservation = read;
            }
        }

        var weights = new Dictionary<string, Quantity>();
        var weightsPath = YamlReader.Join(path, "weights");
        var weightsNode = partial ? _yaml.Child(map, "weights") : _yaml.Required(map, path, "weights");
        if (partial && weightsNode is null)
            foreach (var (issueId, w) in baseline!.Weights) weights[issueId] = w;
        if (weightsNode is { } wNode && _yaml.AsMap(wNode, weightsPath) is { } wMap)
        {
            var weightBasis = ReadBasis(wMap, weightsPath, basis);
            var unreadable = 0;
            foreach (var (keyNode, value) in wMap.Children)
            {
                var issueId = YamlReader.KeyText(keyNode);
                if (issueId == "basis") continue;
                var p = YamlReader.Join(weightsPath, issueId);
                if (!CheckIssue(issueId, keyNode, p))
                {
                    unreadable++;
                    continue;
                }
                if (ReadQuantity(value, p, weightBasis) is { } q)
                {
                    // An out-of-range weight is reported alone; it does not also make the sum wrong.
                    if (!CheckUnitInterval(q, value, p)) unreadable++;
                    weights[issueId] = q;
                }
                else unreadable++;
            }
            var sum = weights.Values.Sum(q => q.Value);
            if (unreadable == 0 && weights.Count > 0 && Math.Abs(sum - 1) > 0.001)
                _yaml.Error(wMap, weightsPath, DiagnosticCodes.WeightSum, $"weights of '{partyId}' sum to {sum:0.####}, not 1");
        }

        // Values merge issue by issue over the baseline: a snapshot restates only the issues whose values changed.
        var values = new Dictionary<string, IReadOnlyDictionary<string, Quantity>>();
        if (partial)
            foreach (var (issueId, byOption) in baseline!.Values) values[issueId] = byOption;
        var valuesPath = YamlReader.Join(path, "values");
        var valuesNode = _yaml.Child(map, "values");
        YamlMappingNode? vMap = valuesNode is null || YamlReader.IsNull(valuesNode) ? null : _yaml.AsMap(valuesNode, valuesPath);
        var misnamedIssues = new Misnamed();
        if (vMap is not null)
        {
            var valuesBasis = ReadBasis(vMap, valuesPath, basis);
            foreach (var (keyNode, value) in vMap.Children)
            {
                var issueId = YamlReader.KeyText(keyNode);
                if (issueId == "basis") continue;
                var p = YamlReader.Join(valuesPath, issueId);
                if (!CheckIssue(issueId, keyNode, p))
                {
                    misnamedIssues.Add(issueId, _issues.Keys);
                    continue;
                }
                if (_yaml.AsMap(value, p) is not { } optionMap)
                {
                    misnamedIssues.Add(issueId, _issues.Keys);
                    continue;
                }
                var issue = _issues[issueId];
                var optionBasis = ReadBasis(optionMap, p, valuesBasis);
                var byOption = new Dictionary<string, Quantity>();
                var misnamedOptions = new Misnamed();
                foreach (var (optionKey, optionValue) in optionMap.Children)
                {
                    var optionId = YamlReader.KeyText(optionKey);
                    if (optionId == "basis") continue;
                    var op = YamlReader.Join(p, optionId);
                    if (!CheckOption(issue, optionId, optionKey, op))
                    {
                        misnamedOptions.Add(optionId, issue.Options.Select(o => o.Id));
                        continue;
                    }
                    if (ReadQuantity(optionValue, op, optionBasis) is { } q)
                    {
                        CheckUnitInterval(q, optionValue, op);
                        byOption[optionId] = q;
                    }
                }
                foreach (var option in issue.Options.Where(o => !byOption.ContainsKey(o.Id) && !misnamedOptions.Covers(o.Id)))
                    _yaml.Error(optionMap, YamlReader.Join(p, option.Id), DiagnosticCodes.MissingValue,
                        $"'{partyId}' gives no value for option '{option.Id}' of issue '{issueId}'");
                values[issueId] = byOption;
            }
        }
        foreach (var (issueId, weight) in weights)
            if (weight.Value > 0 && !values.ContainsKey(issueId) && !misnamedIssues.Covers(issueId))
                _yaml.Error(vMap ?? map, YamlReader.Join(valuesPath, issueId), DiagnosticCodes.MissingValue,
                    $"'{partyId}' weighs issue '{issueId}' but gives no option values for it");

        var redLines = new List<RedLine>();
        var redPath = YamlReader.Join(path, "red_lines");
        if (partial && _yaml.Child(map, "red_lines") is null) redLines.AddRange(baseline!.RedLines);
        if (_yaml.Child(map, "red_lines") is { } rNode && !YamlReader.IsNull(rNode) && _yaml.AsList(rNode, redPath) is { } rList)
        {
            for (var i = 0; i < rList.Children.Count; i++)
            {
                var rp = YamlReader.Index(redPath, i);
                if (_yaml.AsMap(rList.Children[i], rp) is { } rMap && ReadRedLine(rMap, rp) is { } redLine)
                    redLines.Add(redLine);
            }
        }

        var cap = baseline?.UtilityCap;
        if (_yaml.Child(map, "utility_cap") is { } capNode && !YamlReader.IsNull(capNode))
        {
            var capPath = YamlReader.Join(path, "utility_cap");
            if (ReadQuantity(capNode, capPath, basis) is { } read)
            {
                if (!(read.Value > 0)) _yaml.Error(capNode, capPath, DiagnosticCodes.OutOfRange, $"utility_cap must be above 0; it is {read.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
                else if (read.Value < reservation.Value)
                    _yaml.Error(capNode, capPath, DiagnosticCodes.OutOfRange, FormattableString.Invariant($"utility_cap {read.Value} is below the reservation value {reservation.Value}: no package could be worth the party's alternative"));
                else cap = read.Value;
            }
        }
        return new PartyPreferences(partyId, reservation, weights, values, redLines, cap);
    }

    private RedLine? ReadRedLine(YamlMappingNode map, string path)
    {
        _yaml.CheckKeys(map, path, "id", "description", "when", "cite");
        var id = _yaml.String(map, path, "id");
        var conditions = new List<RedLineCondition>();
        var whenPath = YamlReader.Join(path, "when");
        if (_yaml.Required(map, path, "when") is { } wNode && _yaml.AsMap(wNode, whenPath) is { } wMap)
        {
            if (wMap.Children.Count == 0)
                _yaml.Error(wMap, whenPath, DiagnosticCodes.Empty, "a red line needs at least one condition");
            foreach (var (keyNode, value) in wMap.Children)
            {
                var issueId = YamlReader.KeyText(keyNode);
                var p = YamlReader.Join(whenPath, issueId);
                if (!CheckIssue(issueId, keyNode, p)) continue;
                var options = new List<string>();
                foreach (var (optionId, optionNode) in _yaml.ScalarList(value, p))
                    if (CheckOption(_issues[issueId], optionId, optionNode, p)) options.Add(optionId);
                if (options.Count > 0) conditions.Add(new RedLineCondition(issueId, options.Distinct().ToList()));
            }
        }
        var citations = ReadCitations(map, path);
        return conditions.Count == 0 ? null : new RedLine(id, _yaml.String(map, path, "description"), conditions, citations);
    }

    // ---- quantities and provenance -------------------------------------------------------------------

    private Quantity? ReadQuantity(YamlNode node, string path, Provenance inherited) => _quantities.Read(node, path, inherited);

    private bool CheckUnitInterval(Quantity q, YamlNode node, string path) => _quantities.CheckWithin(q, node, path, 0, 1, "the value");

    private Provenance ReadBasis(YamlMappingNode map, string path, Provenance inherited) => _quantities.ReadBasis(map, path, inherited);

    private IReadOnlyList<Citation> ReadCitations(YamlMappingNode map, string path) => _quantities.ReadCitations(map, path);

    private void CheckCitationSources(IReadOnlyList<Source> sources)
    {
        var ids = sources.Select(s => s.Id).ToList();
        foreach (var (citation, node, path) in _quantities.Citations)
            if (!ids.Contains(citation.SourceId))
                _yaml.Error(node, YamlReader.Join(path, "source"), DiagnosticCodes.UnknownReference,
                    $"unknown source '{citation.SourceId}'{DidYouMean.Hint(citation.SourceId, ids)}");
    }

    // ---- references ----------------------------------------------------------------------------------

    private Dictionary<string, string>? ReadTerms(YamlMappingNode map, string path, string key, bool required)
    {
        var node = required ? _yaml.Required(map, path, key) : _yaml.Child(map, key);
        var termsPath = YamlReader.Join(path, key);
        if (node is null || _yaml.AsMap(node, termsPath) is not { } termsMap) return null;
        var terms = new Dictionary<string, string>();
        foreach (var (keyNode, value) in termsMap.Children)
        {
            var issueId = YamlReader.KeyText(keyNode);
            var p = YamlReader.Join(termsPath, issueId);
            if (!CheckIssue(issueId, keyNode, p)) continue;
            if (_yaml.Scalar(value, p, "an option id") is { } optionId && CheckOption(_issues[issueId], optionId, value, p))
                terms[issueId] = optionId;
        }
        return terms;
    }

    private string? ReadPartyReference(YamlMappingNode map, string path, string key, bool required)
    {
        var value = _yaml.String(map, path, key, required);
        if (value is null) return null;
        return CheckParty(value, _yaml.Child(map, key)!, YamlReader.Join(path, key)) ? value : null;
    }

    private bool CheckParty(string id, YamlNode node, string path)
    {
        if (_parties.Contains(id)) return true;
        _yaml.Error(node, path, DiagnosticCodes.UnknownReference, $"unknown party '{id}'{DidYouMean.Hint(id, _parties)}");
        return false;
    }

    private bool CheckIssue(string id, YamlNode node, string path)
    {
        if (_issues.ContainsKey(id)) return true;
        _yaml.Error(node, path, DiagnosticCodes.UnknownReference, $"unknown issue '{id}'{DidYouMean.Hint(id, _issues.Keys)}");
        return false;
    }

    private bool CheckOption(Issue issue, string optionId, YamlNode node, string path)
    {
        if (issue.IndexOfOption(optionId) >= 0) return true;
        var known = issue.Options.Select(o => o.Id).ToList();
        _yaml.Error(node, path, DiagnosticCodes.UnknownReference,
            $"issue '{issue.Id}' has no option '{optionId}'{DidYouMean.Hint(optionId, known)}; its options: {string.Join(", ", known)}");
        return false;
    }

    /// <summary>
    /// Names written where a known one was meant, each already reported. A misspelling covers every known name it is
    /// close to (not only the one suggested: 'Z' is as close to 'S' as to 'N'), and one close to no known name covers
    /// them all, since any may be the one meant. Later checks that a known name is present skip what is covered, so
    /// one slip gives one error while a name left out for real is still reported.
    /// </summary>
    private sealed class Misnamed
    {
        private readonly List<string> _written = [];
        private bool _any;

        public void Add(string written, IEnumerable<string> known)
        {
            _written.Add(written);
            if (DidYouMean.Suggest(written, known) is null) _any = true;
        }

        public bool Covers(string name) => _any || _written.Any(w => w == name || DidYouMean.Suggest(w, [name]) is not null);
    }
}
