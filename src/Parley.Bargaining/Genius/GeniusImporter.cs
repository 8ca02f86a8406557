using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Parley.Core.Diagnostics;
using Parley.Core.Format;
using Parley.Core.Model;
using YamlDotNet.RepresentationModel;

namespace Parley.Bargaining.Genius;

/// <summary>
/// Reads a Genius / ANAC domain and its utility profiles (XML) into a Parley scenario, with Genius's
/// semantics: an option's value is its evaluation divided by the highest evaluation of its issue
/// (EvaluatorDiscrete), weights are the profile's issue weights as written (normalised, with a
/// warning, only when they are more than 0.001 from summing to 1), the reservation value is kept as given even when a discount factor is present, and
/// discount factors are kept in the scenario's <c>genius</c> section (the static analysis does not
/// discount: it has no time). Each profile becomes a belligerent party, so all must agree. Problems are
/// reported with file, line and column.
/// </summary>
public static class GeniusImporter
{
    public const string SectionName = "genius";

    public static LoadResult Import(string domainPath, IReadOnlyList<string> profilePaths)
    {
        var bag = new DiagnosticBag();
        if (profilePaths.Count == 0)
            bag.Error(DiagnosticCodes.MissingKey, "", null, "give at least one utility profile after the domain");
        var domain = LoadXml(domainPath, bag);
        var profiles = profilePaths.Select(p => (Path: p, Document: LoadXml(p, bag))).ToList();
        if (domain is null || profiles.Any(p => p.Document is null) || bag.HasErrors) return new LoadResult(null, bag.Items);

        var issues = ReadDomain(domain, domainPath, bag);
        if (issues is null) return new LoadResult(null, bag.Items);

        var partyIds = new GeniusIds();
        var parties = new List<Party>();
        var preferences = new Dictionary<string, PartyPreferences>();
        var discounts = new Dictionary<string, double>();
        var names = PartyNames(profilePaths);
        foreach (var ((path, document), name) in profiles.Zip(names))
        {
            var id = partyIds.Make(name, "party", lowerCase: false);
            var read = ReadProfile(document!, path, id, issues, bag);
            if (read is null) continue;
            parties.Add(new Party(id, System.IO.Path.GetFileName(path), PartyRole.Belligerent, $"Genius utility profile {path}", []));
            preferences[id] = read.Value.Preferences;
            discounts[id] = read.Value.Discount;
        }
        if (bag.HasErrors) return new LoadResult(null, bag.Items);

        var domainName = domain.Descendants("objective").FirstOrDefault()?.Attribute("name")?.Value
            ?? System.IO.Path.GetFileNameWithoutExtension(domainPath);
        var scenarioId = new GeniusIds().Make(domainName, "genius");
        var section = new YamlMappingNode
        {
            { "domain", domainName },
            { "discount", new YamlMappingNode(discounts.Select(kv => new KeyValuePair<YamlNode, YamlNode>(
                new YamlScalarNode(kv.Key), new YamlScalarNode(kv.Value.ToString("R", CultureInfo.InvariantCulture))))) },
        };
        var scenario = new Scenario(scenarioId, $"Genius domain {domainName}",
            $"Imported from {domainPath} and {string.Join(", ", profilePaths)}.",
            [new Source("genius", $"Genius domain {domainName}", ["Genius / ANAC"], null, null, null)],
            parties, issues.Select(i => i.Issue).ToList(), preferences, [], [],
            new AgreementRule(parties.Select(p => p.Id).ToList()),
            new Dictionary<string, ScenarioSection> { [SectionName] = new(SectionName, section, domainPath) });
        return new LoadResult(scenario, bag.Items);
    }

    /// <summary>Discount factors kept at import, by party id (1 when absent).</summary>
    public static IReadOnlyDictionary<string, double> DiscountFactors(Scenario scenario)
    {
        var result = new Dictionary<string, double>();
        if (scenario.Extensions.TryGetValue(SectionName, out var section) && section.Node is YamlMappingNode map
            && map.Children.TryGetValue(new YamlScalarNode("discount"), out var node) && node is YamlMappingNode discounts)
            foreach (var (key, value) in discounts.Children)
                if (key is YamlScalarNode k && value is YamlScalarNode v && double.TryParse(v.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                    && d is >= 0 and <= 1)
                    result[k.Value!] = d;
        return result;
    }

    /// <summary>
    /// Checks the scenario's <c>genius</c> section, for <c>parley validate</c>: every discount factor a number in [0, 1]
    /// (Genius's own range), reported with its place. <see cref="DiscountFactors"/> skips any other value.
    /// </summary>
    public static void CheckSection(Scenario scenario, DiagnosticBag diagnostics)
    {
        if (!scenario.Extensions.TryGetValue(SectionName, out var section)) return;
        var yaml = new YamlReader(section.File, diagnostics);
        if (yaml.AsMap(section.Node, SectionName) is not { } map) return;
        const string path = SectionName + ".discount";
        if (yaml.Child(map, "discount") is not { } node || YamlReader.IsNull(node) || yaml.AsMap(node, path) is not { } discounts) return;
        foreach (var (key, value) in discounts.Children)
        {
            var valuePath = YamlReader.Join(path, YamlReader.KeyText(key));
            if (yaml.Number(value, valuePath) is { } d && d is < 0 or > 1)
                yaml.Error(value, valuePath, DiagnosticCodes.OutOfRange, FormattableString.Invariant($"the discount factor {d} must lie in [0, 1]"));
        }
    }

    /// <summary>Profile file names without their shared prefix: Laptop-C-prof1.xml and Laptop-C-prof2.xml give prof1 and prof2.</summary>
    private static List<string> PartyNames(IReadOnlyList<string> paths)
    {
        var stems = paths.Select(p => System.IO.Path.GetFileNameWithoutExtension(p)).ToList();
        if (stems.Count < 2) return stems;
        var common = stems.Aggregate((a, b) => new string(a.Zip(b).TakeWhile(x => x.First == x.Second).Select(x => x.First).ToArray()));
        var cut = common.LastIndexOfAny(['-', '_', ' ', '.']) + 1;
        return stems.Select(s => cut > 0 && s.Length > cut ? s[cut..] : s).ToList();
    }

    private sealed record DomainIssue(Issue Issue, string GeniusName, int GeniusIndex, IReadOnlyList<string> Values);

    private static XDocument? LoadXml(string path, DiagnosticBag bag)
    {
        if (!File.Exists(path))
        {
            bag.Error(DiagnosticCodes.SourceUnreadable, "", null, $"file '{path}' does not exist");
            return null;
        }
        try
        {
            // Read through the one input-file reader (regular file, size cap); XmlReader then decodes by the file's declaration, strictly.
            var bytes = InputFile.ReadBytes(path);
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
            using var reader = XmlReader.Create(new MemoryStream(bytes), settings);
            return XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            bag.Error(DiagnosticCodes.Syntax, "", new SourceLocation(path, Math.Max(1, e.LineNumber), Math.Max(1, e.LinePosition)), $"malformed XML: {e.Message}");
        }
        catch (InputFileException e)
        {
            bag.AddRange([ScenarioLoader.FileDiagnostic(e)]);
        }
        catch (IOException e)
        {
            bag.Error(DiagnosticCodes.SourceUnreadable, "", null, $"cannot read '{path}': {e.Message}");
        }
        return null;
    }

    private static SourceLocation At(string path, XObject node) =>
        node is IXmlLineInfo info && info.HasLineInfo() ? new SourceLocation(path, info.LineNumber, info.LinePosition) : new SourceLocation(path, 1, 1);

    private static List<DomainIssue>? ReadDomain(XDocument document, string path, DiagnosticBag bag)
    {
        var objective = document.Descendants("objective").FirstOrDefault();
        if (objective is null)
        {
            bag.Error(DiagnosticCodes.MissingKey, "objective", At(path, document.Root!), "no <objective> element: this is not a Genius domain");
            return null;
        }
        var issueIds = new GeniusIds();
        var issues = new List<DomainIssue>();
        var names = new HashSet<string>();
        foreach (var element in objective.Elements("issue"))
        {
            var name = element.Attribute("name")?.Value;
            var where = At(path, element);
            if (string.IsNullOrWhiteSpace(name))
            {
                bag.Error(DiagnosticCodes.MissingKey, "issue", where, "an <issue> has no name attribute");
                continue;
            }
            if (!names.Add(name)) bag.Error(DiagnosticCodes.DuplicateId, $"issue[{name}]", where, $"issue '{name}' appears twice");
            var type = element.Attribute("etype")?.Value ?? element.Attribute("type")?.Value ?? "discrete";
            if (type != "discrete")
            {
                bag.Error(DiagnosticCodes.WrongType, $"issue[{name}]", where, $"issue '{name}' is of type '{type}'; only discrete issues are supported");
                continue;
            }
            var values = new List<string>();
            foreach (var item in element.Elements("item"))
            {
                var value = item.Attribute("value")?.Value;
                if (value is null) bag.Error(DiagnosticCodes.MissingKey, $"issue[{name}].item", At(path, item), "an <item> has no value attribute");
                else if (values.Contains(value)) bag.Error(DiagnosticCodes.DuplicateId, $"issue[{name}].item[{value}]", At(path, item), $"value '{value}' appears twice in issue '{name}'");
                else values.Add(value);
            }
            if (values.Count == 0) bag.Error(DiagnosticCodes.MissingValue, $"issue[{name}]", where, $"issue '{name}' has no <item> values");
            if (values.Count > ScenarioLimits.MaxOptionsPerIssue)
                bag.Error(DiagnosticCodes.TooLarge, $"issue[{name}]", where, $"issue '{name}' has {values.Count} values; at most {ScenarioLimits.MaxOptionsPerIssue} are supported");
            var optionIds = new GeniusIds();
            var options = values.Select((v, i) => new IssueOption(optionIds.Make(v, $"v{i + 1}", lowerCase: false), v, null)).ToList();
            var index = int.TryParse(element.Attribute("index")?.Value, out var n) ? n : issues.Count + 1;
            issues.Add(new DomainIssue(new Issue(issueIds.Make(name, $"issue{index}"), name, null, options, []), name, index, values));
        }
        if (issues.Count == 0 && !bag.HasErrors) bag.Error(DiagnosticCodes.MissingValue, "objective", At(path, objective), "the domain has no issues");
        return bag.HasErrors ? null : issues;
    }

    private static (PartyPreferences Preferences, double Discount)? ReadProfile(XDocument document, string path, string partyId, List<DomainIssue> issues, DiagnosticBag bag)
    {
        var errorsBefore = bag.ErrorCount;
        var objective = document.Descendants("objective").FirstOrDefault();
        if (objective is null)
        {
            bag.Error(DiagnosticCodes.MissingKey, "objective", At(path, document.Root!), "no <objective> element: this is not a Genius utility profile");
            return null;
        }
        var elements = objective.Elements("issue").ToList();
        var weightsByIndex = new Dictionary<int, (double Value, XElement Element)>();
        foreach (var w in objective.Elements("weight"))
        {
            if (!int.TryParse(w.Attribute("index")?.Value, out var index))
            {
                bag.Error(DiagnosticCodes.MissingKey, "weight", At(path, w), "a <weight> has no numeric index attribute");
                continue;
            }
            if (!TryNumber(w.Attribute("value")?.Value, out var value) || value < 0)
            {
                bag.Error(DiagnosticCodes.OutOfRange, $"weight[{index}]", At(path, w), $"weight {index} has value '{w.Attribute("value")?.Value}'; expected a number ≥ 0");
                continue;
            }
            weightsByIndex[index] = (value, w);
        }

        var weights = new Dictionary<string, double>();
        var values = new Dictionary<string, IReadOnlyDictionary<string, Quantity>>();
        foreach (var domainIssue in issues)
        {
            var element = elements.FirstOrDefault(e => e.Attribute("name")?.Value == domainIssue.GeniusName);
            if (element is null)
            {
                bag.Error(DiagnosticCodes.MissingValue, $"issue[{domainIssue.GeniusName}]", At(path, objective),
                    $"the profile does not evaluate issue '{domainIssue.GeniusName}' of the domain");
                continue;
            }
            var index = int.TryParse(element.Attribute("index")?.Value, out var n) ? n : domainIssue.GeniusIndex;
            if (!weightsByIndex.TryGetValue(index, out var weight))
            {
                bag.Error(DiagnosticCodes.MissingValue, $"issue[{domainIssue.GeniusName}]", At(path, element),
                    $"no <weight index=\"{index}\"> for issue '{domainIssue.GeniusName}'");
                continue;
            }
            var evaluations = new Dictionary<string, double>();
            foreach (var item in element.Elements("item"))
            {
                var value = item.Attribute("value")?.Value;
                var itemPath = $"issue[{domainIssue.GeniusName}].item[{value}]";
                if (value is null || !domainIssue.Values.Contains(value))
                {
                    bag.Error(DiagnosticCodes.UnknownReference, itemPath, At(path, item),
                        $"value '{value}' is not a value of issue '{domainIssue.GeniusName}' in the domain{DidYouMean.Hint(value ?? "", domainIssue.Values)}");
                    continue;
                }
                var text = item.Attribute("evaluation")?.Value;
                if (!TryNumber(text, out var evaluation) || evaluation < 0)
                {
                    bag.Error(DiagnosticCodes.OutOfRange, itemPath, At(path, item), $"evaluation '{text}' of '{value}' is not a number ≥ 0");
                    continue;
                }
                evaluations[value] = evaluation;
            }
            foreach (var missing in domainIssue.Values.Where(v => !evaluations.ContainsKey(v)))
                bag.Error(DiagnosticCodes.MissingValue, $"issue[{domainIssue.GeniusName}].item[{missing}]", At(path, element),
                    $"no evaluation for value '{missing}' of issue '{domainIssue.GeniusName}'");
            if (evaluations.Count != domainIssue.Values.Count) continue;
            var best = evaluations.Values.Max();
            if (best <= 0 && weight.Value > 0)
            {
                bag.Error(DiagnosticCodes.OutOfRange, $"issue[{domainIssue.GeniusName}]", At(path, element),
                    $"every evaluation of issue '{domainIssue.GeniusName}' is 0, so Genius cannot normalise them (it divides by the best)");
                continue;
            }
            weights[domainIssue.Issue.Id] = weight.Value;
            values[domainIssue.Issue.Id] = domainIssue.Issue.Options.Select((o, i) => (o.Id, Value: best <= 0 ? 0 : evaluations[domainIssue.Values[i]] / best))
                .ToDictionary(x => x.Id, x => Quantity.Exact(x.Value));
        }

        var reservation = 0.0;
        var reservationElement = document.Descendants("reservation").FirstOrDefault();
        if (reservationElement is not null && (!TryNumber(reservationElement.Attribute("value")?.Value, out reservation) || reservation < 0 || reservation > 1))
            bag.Error(DiagnosticCodes.OutOfRange, "reservation", At(path, reservationElement), $"reservation '{reservationElement.Attribute("value")?.Value}' is not a number in [0, 1]");
        var discount = 1.0;
        var discountElement = document.Descendants("discount_factor").FirstOrDefault();
        if (discountElement is not null && (!TryNumber(discountElement.Attribute("value")?.Value, out discount) || discount <= 0 || discount > 1))
            bag.Error(DiagnosticCodes.OutOfRange, "discount_factor", At(path, discountElement), $"discount factor '{discountElement.Attribute("value")?.Value}' is not a number in (0, 1]");
        if (bag.ErrorCount > errorsBefore) return null;

        var sum = weights.Values.Sum();
        if (sum <= 0)
        {
            bag.Error(DiagnosticCodes.WeightSum, "weight", At(path, objective), "the issue weights sum to 0");
            return null;
        }
        // Genius uses the weights as written; only a sum Parley would reject is normalised.
        var divisor = 1.0;
        if (Math.Abs(sum - 1) > 1e-3)
        {
            bag.Warning(DiagnosticCodes.WeightSum, "weight", At(path, objective), $"the issue weights sum to {sum:0.####}; they were divided by that sum");
            divisor = sum;
        }
        // Genius's AdditiveUtilitySpace.getUtility returns min(1, Σ w·e): with weights summing just above 1 the
        // best packages are worth exactly 1 there, and so here.
        double? cap = sum / divisor > 1 ? 1.0 : null;
        if (cap is not null)
            bag.Warning(DiagnosticCodes.WeightSum, "weight", At(path, objective),
                FormattableString.Invariant($"the issue weights sum to {sum:R} > 1: utilities are capped at 1, as Genius caps them, so packages that would sum to more (up to {sum:R}) are worth exactly 1"));
        var provenance = new Provenance($"Genius profile {System.IO.Path.GetFileName(path)}", []);
        var reservationRationale = discount < 1
            ? $"Genius reservation value, kept as given; the profile also has discount factor {discount.ToString(CultureInfo.InvariantCulture)} (utility × d^t over normalised time t), which a static analysis does not apply"
            : "Genius reservation value";
        return (new PartyPreferences(partyId,
            new Quantity(reservation, null, new Provenance(reservationRationale, [])),
            weights.ToDictionary(kv => kv.Key, kv => new Quantity(kv.Value / divisor, null, provenance)),
            values, [], cap), discount);
    }

    private static bool TryNumber(string? text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
