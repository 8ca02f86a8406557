using System.Globalization;
using System.Text.Json;
using Parley.Core.Diagnostics;
using Parley.Core.Format;
using Parley.Core.Model;

namespace Parley.Bargaining.Genius;

/// <summary>
/// Reads a GeniusWeb domain (<c>{"name", "issuesValues"}</c>) and its <c>LinearAdditiveUtilitySpace</c>
/// profiles (JSON) into a Parley scenario, with GeniusWeb's semantics: utility = Σ weight · value utility,
/// with the value utilities used exactly as written (GeniusWeb requires them in [0, 1] and does not divide
/// by the issue's best, unlike Genius XML), weights that must sum to 1, number issues (<c>range</c>) as
/// their stepped values with <c>numberutils</c> interpolating linearly between the low and high value, and
/// the reservation value the utility of the profile's <c>reservationBid</c> (0 without one: then any
/// agreement beats none). Each profile becomes a belligerent party named after the profile. Problems are
/// reported with file, line, column and JSON path.
/// </summary>
public static class GeniusWebImporter
{
    public const string ProfileType = "LinearAdditiveUtilitySpace";

    /// <summary>Weights may miss 1 by this much (decimal rounding in files written by other tools); GeniusWeb itself demands exactly 1.</summary>
    public const double WeightTolerance = 1e-6;

    /// <summary>True when the file is GeniusWeb JSON rather than Genius XML: by extension, else by its first character.</summary>
    public static bool IsGeniusWebFile(string path)
    {
        var extension = Path.GetExtension(path);
        if (extension.Equals(".json", StringComparison.OrdinalIgnoreCase)) return true;
        if (extension.Equals(".xml", StringComparison.OrdinalIgnoreCase) || !InputFile.IsRegularFile(path)) return false;
        try
        {
            using var reader = new StreamReader(path);
            int c;
            while ((c = reader.Read()) >= 0 && char.IsWhiteSpace((char)c)) { }
            return c == '{';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static LoadResult Import(string domainPath, IReadOnlyList<string> profilePaths)
    {
        var bag = new DiagnosticBag();
        if (profilePaths.Count == 0)
            bag.Error(DiagnosticCodes.MissingKey, "", null, "give at least one utility profile after the domain");
        using var domainFile = GeniusWebJson.Load(domainPath, bag);
        var profileFiles = profilePaths.Select(p => GeniusWebJson.Load(p, bag)).ToList();
        try
        {
            if (domainFile is null || profileFiles.Any(p => p is null) || bag.HasErrors) return new LoadResult(null, bag.Items);
            var domain = new JsonReading(domainFile, bag).Domain(domainFile.Root, "$");
            if (domain is null) return new LoadResult(null, bag.Items);

            var partyIds = new GeniusIds();
            var parties = new List<Party>();
            var preferences = new Dictionary<string, PartyPreferences>();
            foreach (var file in profileFiles)
            {
                var profile = new JsonReading(file!, bag).Profile(domain);
                if (profile is null) continue;
                var name = profile.Name ?? Path.GetFileNameWithoutExtension(file!.File);
                var id = partyIds.Make(name, "party", lowerCase: false);
                parties.Add(new Party(id, name, PartyRole.Belligerent, $"GeniusWeb utility profile {file!.File}", []));
                preferences[id] = profile.Preferences with { PartyId = id };
            }
            if (bag.HasErrors) return new LoadResult(null, bag.Items);

            var scenario = new Scenario(new GeniusIds().Make(domain.Name, "geniusweb"), $"GeniusWeb domain {domain.Name}",
                $"Imported from {domainPath} and {string.Join(", ", profilePaths)}.",
                [new Source("geniusweb", $"GeniusWeb domain {domain.Name}", ["GeniusWeb"], null, null, null)],
                parties, domain.Issues.Select(i => i.Issue).ToList(), preferences, [], [],
                new AgreementRule(parties.Select(p => p.Id).ToList()), new Dictionary<string, ScenarioSection>());
            return new LoadResult(scenario, bag.Items);
        }
        finally
        {
            foreach (var file in profileFiles) file?.Dispose();
        }
    }

    /// <summary>A domain issue: its Parley form, and its values as GeniusWeb writes them (text, or number for a range).</summary>
    internal sealed record WebIssue(string Name, Issue Issue, IReadOnlyList<string> Values, IReadOnlyList<decimal>? Numbers)
    {
        public bool IsNumber => Numbers is not null;
        public int IndexOf(string value)
        {
            for (var i = 0; i < Values.Count; i++) if (Values[i] == value) return i;
            return -1;
        }

        public int IndexOf(decimal number)
        {
            for (var i = 0; Numbers is not null && i < Numbers.Count; i++) if (Numbers[i] == number) return i;
            return -1;
        }
    }

    internal sealed record WebDomain(string Name, IReadOnlyList<WebIssue> Issues);

    private sealed record WebProfile(string? Name, PartyPreferences Preferences);

    /// <summary>Reads one file's elements, reporting every problem with its place.</summary>
    private sealed class JsonReading(GeniusWebJson file, DiagnosticBag bag)
    {
        private static string Kind(JsonValueKind kind) => kind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "null",
        };

        private void Error(string code, string path, string message) => bag.Error(code, path, file.At(path), message);
        private void Warning(string code, string path, string message) => bag.Warning(code, path, file.At(path), message);

        private bool Expect(JsonElement element, JsonValueKind kind, string path, string what)
        {
            if (element.ValueKind == kind) return true;
            Error(DiagnosticCodes.WrongType, path, $"{what} must be {Kind(kind)}, not {Kind(element.ValueKind)}");
            return false;
        }

        /// <summary>The members of an object in file order (repeated names were refused when the file was parsed).</summary>
        private static List<(string Name, JsonElement Value, string Path)> Members(JsonElement element, string path) =>
            element.EnumerateObject().Select(member => (member.Name, member.Value, GeniusWebJson.Member(path, member.Name))).ToList();

        private JsonElement? Required(JsonElement parent, string key, string path, JsonValueKind kind, string why)
        {
            if (!parent.TryGetProperty(key, out var value))
            {
                Error(DiagnosticCodes.MissingKey, path, $"no \"{key}\": {why}");
                return null;
            }
            return Expect(value, kind, GeniusWebJson.Member(path, key), $"\"{key}\"") ? value : null;
        }

        private bool Number(JsonElement element, string path, string what, out decimal value)
        {
            value = 0;
            if (!Expect(element, JsonValueKind.Number, path, what)) return false;
            if (element.TryGetDecimal(out value)) return true;
            Error(DiagnosticCodes.OutOfRange, path, $"{what} {element.GetRawText()} is out of range");
            return false;
        }

        public WebDomain? Domain(JsonElement root, string path)
        {
            var errors = bag.ErrorCount;
            if (!Expect(root, JsonValueKind.Object, path, "a GeniusWeb domain")) return null;
            var name = Required(root, "name", path, JsonValueKind.String, "a GeniusWeb domain has a name")?.GetString();
            var issuesValues = Required(root, "issuesValues", path, JsonValueKind.Object, "a GeniusWeb domain lists its issues in \"issuesValues\"");
            if (issuesValues is null) return null;
            var issuesPath = GeniusWebJson.Member(path, "issuesValues");
            var issueIds = new GeniusIds();
            var issues = new List<WebIssue>();
            foreach (var (issueName, element, issuePath) in Members(issuesValues.Value, issuesPath))
            {
                if (!Expect(element, JsonValueKind.Object, issuePath, $"issue '{issueName}'")) continue;
                var read = element.TryGetProperty("values", out var values) ? DiscreteValues(issueName, values, GeniusWebJson.Member(issuePath, "values"))
                    : element.TryGetProperty("range", out var range) ? RangeValues(issueName, range, GeniusWebJson.Member(issuePath, "range"))
                    : null;
                if (read is null)
                {
                    if (!element.TryGetProperty("values", out _) && !element.TryGetProperty("range", out _))
                        Error(DiagnosticCodes.MissingKey, issuePath, $"issue '{issueName}' has neither \"values\" (discrete) nor \"range\" (number)");
                    continue;
                }
                var optionIds = new GeniusIds();
                var options = read.Value.Texts.Select((v, i) => new IssueOption(optionIds.Make(v, $"v{i + 1}", lowerCase: false), v, null)).ToList();
                issues.Add(new WebIssue(issueName, new Issue(issueIds.Make(issueName, $"issue{issues.Count + 1}"), issueName, null, options, []),
                    read.Value.Texts, read.Value.Numbers));
            }
            if (issues.Count == 0 && bag.ErrorCount == errors) Error(DiagnosticCodes.Empty, issuesPath, "the domain has no issues");
            return bag.ErrorCount > errors || name is null ? null : new WebDomain(name, issues);
        }

        private (List<string> Texts, List<decimal>? Numbers)? DiscreteValues(string issue, JsonElement values, string path)
        {
            if (!Expect(values, JsonValueKind.Array, path, $"the values of issue '{issue}'")) return null;
            var errors = bag.ErrorCount;
            var texts = new List<string>();
            var index = 0;
            foreach (var value in values.EnumerateArray())
            {
                var valuePath = GeniusWebJson.Element(path, index++);
                if (!Expect(value, JsonValueKind.String, valuePath, $"a value of issue '{issue}'")) continue;
                var text = value.GetString()!;
                if (texts.Contains(text)) Error(DiagnosticCodes.DuplicateId, valuePath, $"value '{text}' appears twice in issue '{issue}'");
                else texts.Add(text);
            }
            if (texts.Count == 0 && bag.ErrorCount == errors) Error(DiagnosticCodes.Empty, path, $"issue '{issue}' has no values");
            if (texts.Count > ScenarioLimits.MaxOptionsPerIssue)
                Error(DiagnosticCodes.TooLarge, path, $"issue '{issue}' has {texts.Count} values; at most {ScenarioLimits.MaxOptionsPerIssue} are supported");
            return bag.ErrorCount > errors ? null : (texts, null);
        }

        private (List<string> Texts, List<decimal>? Numbers)? RangeValues(string issue, JsonElement range, string path)
        {
            if (!Expect(range, JsonValueKind.Object, path, $"the range of issue '{issue}'")) return null;
            var bounds = new decimal[3];
            var keys = new[] { "low", "high", "step" };
            for (var k = 0; k < 3; k++)
            {
                var element = Required(range, keys[k], path, JsonValueKind.Number, $"a number issue's range has \"low\", \"high\" and \"step\"");
                if (element is null || !Number(element.Value, GeniusWebJson.Member(path, keys[k]), $"\"{keys[k]}\"", out bounds[k])) return null;
            }
            var (low, high, step) = (bounds[0], bounds[1], bounds[2]);
            if (step <= 0 || high < low)
            {
                Error(DiagnosticCodes.OutOfRange, path, $"issue '{issue}' has range low {low}, high {high}, step {step}; expected step > 0 and high ≥ low");
                return null;
            }
            var count = decimal.Floor((high - low) / step) + 1;
            if (count > ScenarioLimits.MaxOptionsPerIssue)
            {
                Error(DiagnosticCodes.TooLarge, path, $"issue '{issue}' has {count} values from {low} to {high} in steps of {step}; at most {ScenarioLimits.MaxOptionsPerIssue} are supported");
                return null;
            }
            var numbers = Enumerable.Range(0, (int)count).Select(i => low + i * step).ToList();
            return (numbers.Select(Text).ToList(), numbers);
        }

        public WebProfile? Profile(WebDomain domain)
        {
            var errors = bag.ErrorCount;
            if (!Expect(file.Root, JsonValueKind.Object, "$", "a GeniusWeb profile")) return null;
            var root = Members(file.Root, "$");
            if (root.Count != 1 || root[0].Name != ProfileType)
            {
                var found = root.Count == 0 ? "an empty object" : string.Join(", ", root.Select(m => m.Name));
                Error(DiagnosticCodes.WrongType, "$", $"expected one \"{ProfileType}\" profile, found {found}; other GeniusWeb profile types cannot be read");
                return null;
            }
            var (_, space, spacePath) = root[0];
            if (!Expect(space, JsonValueKind.Object, spacePath, $"\"{ProfileType}\"")) return null;
            string? name = null;
            if (space.TryGetProperty("name", out var nameElement) && Expect(nameElement, JsonValueKind.String, GeniusWebJson.Member(spacePath, "name"), "\"name\""))
                name = nameElement.GetString();

            var ownDomain = Required(space, "domain", spacePath, JsonValueKind.Object, "a GeniusWeb profile carries its domain");
            if (ownDomain is not null && Domain(ownDomain.Value, GeniusWebJson.Member(spacePath, "domain")) is { } embedded)
                CompareDomains(domain, embedded, GeniusWebJson.Member(spacePath, "domain"));

            var utilities = Required(space, "issueUtilities", spacePath, JsonValueKind.Object, "a linear additive profile gives each issue's value utilities");
            var weights = Required(space, "issueWeights", spacePath, JsonValueKind.Object, "a linear additive profile gives each issue's weight");
            if (utilities is null || weights is null || bag.ErrorCount > errors) return null;

            var valueUtilities = IssueUtilities(domain, utilities.Value, GeniusWebJson.Member(spacePath, "issueUtilities"));
            var issueWeights = Weights(domain, weights.Value, GeniusWebJson.Member(spacePath, "issueWeights"));
            if (valueUtilities is null || issueWeights is null) return null;

            var reservation = 0.0;
            var rationale = "no reservation bid in the GeniusWeb profile: any agreement is better than none";
            if (space.TryGetProperty("reservationBid", out var bid) && bid.ValueKind != JsonValueKind.Null)
            {
                var value = ReservationBid(domain, bid, GeniusWebJson.Member(spacePath, "reservationBid"), valueUtilities, issueWeights);
                if (value is null) return null;
                (reservation, rationale) = value.Value;
            }

            var provenance = new Provenance($"GeniusWeb profile {Path.GetFileName(file.File)}", []);
            return new WebProfile(name, new PartyPreferences("",
                new Quantity(reservation, null, new Provenance(rationale, [])),
                domain.Issues.ToDictionary(i => i.Issue.Id, i => new Quantity(issueWeights[i.Name], null, provenance)),
                domain.Issues.ToDictionary(i => i.Issue.Id, i => (IReadOnlyDictionary<string, Quantity>)i.Issue.Options
                    .Select((o, k) => (o.Id, Value: valueUtilities[i.Name][k])).ToDictionary(x => x.Id, x => Quantity.Exact(x.Value))),
                []));
        }

        private void CompareDomains(WebDomain domain, WebDomain embedded, string path)
        {
            if (embedded.Name != domain.Name)
                Warning(DiagnosticCodes.UnknownReference, GeniusWebJson.Member(path, "name"),
                    $"the profile's domain is called '{embedded.Name}' but the domain file's is '{domain.Name}'; their issues and values agree, so it was read");
            var issuesPath = GeniusWebJson.Member(path, "issuesValues");
            foreach (var missing in domain.Issues.Where(i => embedded.Issues.All(e => e.Name != i.Name)))
                Error(DiagnosticCodes.MissingValue, issuesPath, $"the profile's domain has no issue '{missing.Name}', which the domain file has: the profile is for another domain");
            foreach (var extra in embedded.Issues)
            {
                var issuePath = GeniusWebJson.Member(issuesPath, extra.Name);
                var match = domain.Issues.FirstOrDefault(i => i.Name == extra.Name);
                if (match is null)
                {
                    Error(DiagnosticCodes.UnknownReference, issuePath,
                        $"the profile's domain has issue '{extra.Name}', which the domain file does not{DidYouMean.Hint(extra.Name, domain.Issues.Select(i => i.Name))}: the profile is for another domain");
                    continue;
                }
                if (match.IsNumber != extra.IsNumber)
                    Error(DiagnosticCodes.WrongType, issuePath, $"issue '{extra.Name}' is {(extra.IsNumber ? "a number range" : "discrete")} in the profile's domain but {(match.IsNumber ? "a number range" : "discrete")} in the domain file");
                else if (!match.Values.ToHashSet().SetEquals(extra.Values))
                {
                    var difference = extra.Values.Except(match.Values).Select(v => $"'{v}' only in the profile's domain")
                        .Concat(match.Values.Except(extra.Values).Select(v => $"'{v}' only in the domain file")).Take(3);
                    Error(DiagnosticCodes.UnknownReference, issuePath, $"issue '{extra.Name}' has other values in the profile's domain than in the domain file: {string.Join("; ", difference)}");
                }
            }
        }

        /// <summary>Each issue's utility per option, in the domain's option order.</summary>
        private Dictionary<string, double[]>? IssueUtilities(WebDomain domain, JsonElement utilities, string path)
        {
            var errors = bag.ErrorCount;
            var result = new Dictionary<string, double[]>();
            var members = Members(utilities, path);
            foreach (var (issueName, element, issuePath) in members)
            {
                var issue = domain.Issues.FirstOrDefault(i => i.Name == issueName);
                if (issue is null)
                {
                    Error(DiagnosticCodes.UnknownReference, issuePath, $"'{issueName}' is not an issue of the domain{DidYouMean.Hint(issueName, domain.Issues.Select(i => i.Name))}");
                    continue;
                }
                if (!Expect(element, JsonValueKind.Object, issuePath, $"the utilities of issue '{issueName}'")) continue;
                var kinds = Members(element, issuePath);
                if (kinds is not [var (kind, body, kindPath)] || kind is not ("discreteutils" or "numberutils"))
                {
                    Error(DiagnosticCodes.WrongType, issuePath, $"the utilities of issue '{issueName}' must be one \"discreteutils\" or \"numberutils\" object");
                    continue;
                }
                if (kind == "numberutils" != issue.IsNumber)
                {
                    Error(DiagnosticCodes.WrongType, kindPath, $"issue '{issueName}' is {(issue.IsNumber ? "a number range" : "discrete")} in the domain, so its utilities must be \"{(issue.IsNumber ? "numberutils" : "discreteutils")}\"");
                    continue;
                }
                if (!Expect(body, JsonValueKind.Object, kindPath, $"\"{kind}\"")) continue;
                var values = issue.IsNumber ? NumberUtilities(issue, body, kindPath) : DiscreteUtilities(issue, body, kindPath);
                if (values is not null) result[issueName] = values;
            }
            foreach (var missing in domain.Issues.Where(i => members.All(m => m.Name != i.Name)))
                Error(DiagnosticCodes.MissingValue, path, $"no utilities for issue '{missing.Name}' of the domain");
            return bag.ErrorCount > errors ? null : result;
        }

        private double[]? DiscreteUtilities(WebIssue issue, JsonElement body, string path)
        {
            var errors = bag.ErrorCount;
            var map = Required(body, "valueUtilities", path, JsonValueKind.Object, "discrete utilities map each value to a utility");
            if (map is null) return null;
            var mapPath = GeniusWebJson.Member(path, "valueUtilities");
            var utilities = new double?[issue.Values.Count];
            foreach (var (value, element, valuePath) in Members(map.Value, mapPath))
            {
                var index = issue.IndexOf(value);
                if (index < 0)
                {
                    Error(DiagnosticCodes.UnknownReference, valuePath, $"'{value}' is not a value of issue '{issue.Name}' in the domain{DidYouMean.Hint(value, issue.Values)}");
                    continue;
                }
                if (Utility(element, valuePath, $"the utility of '{value}'") is { } utility) utilities[index] = utility;
            }
            if (bag.ErrorCount > errors) return null;
            var missing = issue.Values.Where((_, i) => utilities[i] is null).ToList();
            if (missing.Count > 0)
                Warning(DiagnosticCodes.MissingValue, mapPath, $"no utility for {string.Join(", ", missing.Select(v => $"'{v}'"))} of issue '{issue.Name}'; GeniusWeb counts {(missing.Count == 1 ? "it" : "them")} as 0");
            return utilities.Select(u => u ?? 0).ToArray();
        }

        private double[]? NumberUtilities(WebIssue issue, JsonElement body, string path)
        {
            var keys = new[] { "lowValue", "lowUtility", "highValue", "highUtility" };
            var numbers = new decimal[4];
            for (var k = 0; k < 4; k++)
            {
                var element = Required(body, keys[k], path, JsonValueKind.Number, "number utilities give \"lowValue\", \"lowUtility\", \"highValue\" and \"highUtility\"");
                if (element is null || !Number(element.Value, GeniusWebJson.Member(path, keys[k]), $"\"{keys[k]}\"", out numbers[k])) return null;
            }
            var (lowValue, lowUtility, highValue, highUtility) = (numbers[0], numbers[1], numbers[2], numbers[3]);
            var errors = bag.ErrorCount;
            if (lowUtility is < 0 or > 1) Error(DiagnosticCodes.OutOfRange, GeniusWebJson.Member(path, "lowUtility"), $"lowUtility {lowUtility} is not in [0, 1]");
            if (highUtility is < 0 or > 1) Error(DiagnosticCodes.OutOfRange, GeniusWebJson.Member(path, "highUtility"), $"highUtility {highUtility} is not in [0, 1]");
            if (highValue <= lowValue) Error(DiagnosticCodes.OutOfRange, path, $"highValue {highValue} must be above lowValue {lowValue}");
            // GeniusWeb only accepts number utilities that span exactly the domain's range.
            if (lowValue != issue.Numbers![0] || highValue != issue.Numbers[^1])
                Error(DiagnosticCodes.OutOfRange, path,
                    $"the utilities of issue '{issue.Name}' run from {Text(lowValue)} to {Text(highValue)} but the domain's range runs from {issue.Values[0]} to {issue.Values[^1]}");
            if (bag.ErrorCount > errors) return null;
            return issue.Numbers.Select(x => (double)Interpolate(x, lowValue, lowUtility, highValue, highUtility)).ToArray();
        }

        private static decimal Interpolate(decimal x, decimal lowValue, decimal lowUtility, decimal highValue, decimal highUtility) =>
            x < lowValue || x > highValue ? 0 : lowUtility + (highUtility - lowUtility) * (x - lowValue) / (highValue - lowValue);

        private double? Utility(JsonElement element, string path, string what)
        {
            if (!Number(element, path, what, out var value)) return null;
            if (value is >= 0 and <= 1) return (double)value;
            Error(DiagnosticCodes.OutOfRange, path, $"{what} is {element.GetRawText()}; GeniusWeb utilities lie in [0, 1]");
            return null;
        }

        private Dictionary<string, double>? Weights(WebDomain domain, JsonElement weights, string path)
        {
            var errors = bag.ErrorCount;
            var result = new Dictionary<string, double>();
            var sum = 0m;
            var members = Members(weights, path);
            foreach (var (issueName, element, weightPath) in members)
            {
                if (domain.Issues.All(i => i.Name != issueName))
                {
                    Error(DiagnosticCodes.UnknownReference, weightPath, $"'{issueName}' is not an issue of the domain{DidYouMean.Hint(issueName, domain.Issues.Select(i => i.Name))}");
                    continue;
                }
                if (!Number(element, weightPath, $"the weight of '{issueName}'", out var weight)) continue;
                if (weight is < 0 or > 1)
                {
                    Error(DiagnosticCodes.OutOfRange, weightPath, $"the weight of '{issueName}' is {element.GetRawText()}; weights lie in [0, 1]");
                    continue;
                }
                result[issueName] = (double)weight;
                sum += weight;
            }
            foreach (var missing in domain.Issues.Where(i => members.All(m => m.Name != i.Name)))
                Error(DiagnosticCodes.MissingValue, path, $"no weight for issue '{missing.Name}' of the domain");
            if (bag.ErrorCount > errors) return null;
            // Summed in decimal, as written: 0.19 + 0.28 + … is exactly 1 there, not in binary floating point.
            if (Math.Abs((double)(sum - 1)) > WeightTolerance)
            {
                Error(DiagnosticCodes.WeightSum, path, $"the issue weights sum to {sum.ToString(CultureInfo.InvariantCulture)}; GeniusWeb requires them to sum to 1");
                return null;
            }
            return result;
        }

        private (double Value, string Rationale)? ReservationBid(WebDomain domain, JsonElement bid, string path,
            Dictionary<string, double[]> utilities, Dictionary<string, double> weights)
        {
            if (!Expect(bid, JsonValueKind.Object, path, "\"reservationBid\"")) return null;
            var values = Required(bid, "issuevalues", path, JsonValueKind.Object, "a bid lists its values in \"issuevalues\"");
            if (values is null) return null;
            var valuesPath = GeniusWebJson.Member(path, "issuevalues");
            var errors = bag.ErrorCount;
            var total = 0.0;
            var terms = new List<string>();
            var members = Members(values.Value, valuesPath);
            foreach (var (issueName, element, valuePath) in members)
            {
                var issue = domain.Issues.FirstOrDefault(i => i.Name == issueName);
                if (issue is null)
                {
                    Error(DiagnosticCodes.UnknownReference, valuePath, $"'{issueName}' is not an issue of the domain{DidYouMean.Hint(issueName, domain.Issues.Select(i => i.Name))}");
                    continue;
                }
                int index;
                if (issue.IsNumber)
                {
                    if (!Number(element, valuePath, $"the value of number issue '{issueName}'", out var number)) continue;
                    index = issue.IndexOf(number);
                }
                else
                {
                    if (!Expect(element, JsonValueKind.String, valuePath, $"the value of issue '{issueName}'")) continue;
                    index = issue.IndexOf(element.GetString()!);
                }
                if (index < 0)
                {
                    var given = issue.IsNumber ? element.GetRawText() : element.GetString()!;
                    Error(DiagnosticCodes.UnknownReference, valuePath, $"'{given}' is not a value of issue '{issueName}' in the domain{DidYouMean.Hint(given, issue.Values)}");
                    continue;
                }
                total += weights[issueName] * utilities[issueName][index];
                terms.Add($"{issueName} = {issue.Values[index]}");
            }
            if (bag.ErrorCount > errors) return null;
            var missing = domain.Issues.Where(i => members.All(m => m.Name != i.Name)).Select(i => i.Name).ToList();
            if (missing.Count > 0)
                Warning(DiagnosticCodes.MissingValue, valuesPath, $"the reservation bid leaves out {string.Join(", ", missing.Select(m => $"'{m}'"))}; GeniusWeb counts {(missing.Count == 1 ? "it" : "them")} as 0");
            return (total, $"utility of the GeniusWeb reservation bid ({string.Join(", ", terms)})");
        }
    }

    internal static string Text(decimal number) => number.ToString("G29", CultureInfo.InvariantCulture);
}
