using System.Globalization;
using System.Xml.Linq;
using Parley.Core.Model;

namespace Parley.Bargaining.Genius;

/// <summary>A Genius domain, one utility profile per party with preferences, and what the format could not carry.</summary>
public sealed record GeniusExport(string DomainName, XDocument Domain, IReadOnlyList<(string PartyId, XDocument Profile)> Profiles, IReadOnlyList<string> Losses)
{
    /// <summary>Writes DOMAIN-domain.xml and DOMAIN-PARTY.xml into <paramref name="directory"/>; returns the paths.</summary>
    public IReadOnlyList<string> Save(string directory)
    {
        Directory.CreateDirectory(directory);
        var paths = new List<string>();
        var domainPath = Path.Combine(directory, $"{DomainName}-domain.xml");
        Domain.Save(domainPath);
        paths.Add(domainPath);
        foreach (var (party, profile) in Profiles)
        {
            var path = Path.Combine(directory, $"{DomainName}-{party}.xml");
            profile.Save(path);
            paths.Add(path);
        }
        return paths;
    }
}

/// <summary>
/// Writes a scenario as Genius XML so that Genius or NegMAS agents can negotiate it. Genius divides each
/// evaluation by its issue's best evaluation, so an issue whose best Parley value m is below 1 is
/// exported with evaluations v/m and weight w·m; when that leaves the weights summing to s &lt; 1, Genius
/// renormalises them, which scales every utility by 1/s, so the reservation value is exported as r/s
/// (capped at 1): the same packages are acceptable and the same ones preferred. Red lines, estimate
/// ranges and citations have no place in the format and are listed in <see cref="GeniusExport.Losses"/>.
/// </summary>
public static class GeniusExporter
{
    public static GeniusExport Export(Scenario scenario)
    {
        var losses = new List<string>();
        var name = scenario.Id;
        var domain = new XDocument(new XElement("negotiation_template",
            new XElement("utility_space", new XAttribute("number_of_issues", scenario.Issues.Count),
                new XElement("objective", new XAttribute("index", 0), new XAttribute("etype", "objective"), new XAttribute("type", "objective"),
                    new XAttribute("description", scenario.Title), new XAttribute("name", name),
                    scenario.Issues.Select((issue, i) => new XElement("issue",
                        new XAttribute("index", i + 1), new XAttribute("etype", "discrete"), new XAttribute("type", "discrete"),
                        new XAttribute("vtype", "discrete"), new XAttribute("name", issue.Id),
                        issue.Options.Select((o, k) => new XElement("item", new XAttribute("index", k + 1), new XAttribute("value", o.Id),
                            new XAttribute("description", o.Label)))))))));

        var discounts = GeniusImporter.DiscountFactors(scenario);
        var profiles = new List<(string, XDocument)>();
        foreach (var party in scenario.Parties)
        {
            if (!scenario.Preferences.TryGetValue(party.Id, out var preferences)) continue;
            var weights = new double[scenario.Issues.Count];
            var evaluations = new double[scenario.Issues.Count][];
            for (var i = 0; i < scenario.Issues.Count; i++)
            {
                var issue = scenario.Issues[i];
                var values = issue.Options.Select(o => preferences.Value(issue.Id, o.Id)).ToArray();
                var best = values.Max();
                if (best <= 0)
                {
                    // Genius cannot normalise an all-zero issue; constant evaluations with weight 0 say the same.
                    weights[i] = 0;
                    evaluations[i] = values.Select(_ => 1.0).ToArray();
                }
                else
                {
                    weights[i] = preferences.Weight(issue.Id) * best;
                    evaluations[i] = values.Select(v => v / best).ToArray();
                }
            }
            var sum = weights.Sum();
            var scale = sum > 0 ? sum : 1;
            var reservation = preferences.Reservation.Value / scale;
            if (reservation > 1)
            {
                losses.Add($"{party.Id}: reservation {preferences.Reservation.Value:0.###} exceeds the party's best utility; exported as 1");
                reservation = 1;
            }
            if (sum <= 0) losses.Add($"{party.Id}: every value is 0; exported with weights 0");
            foreach (var redLine in preferences.RedLines)
                losses.Add($"{party.Id}: red line '{redLine.Label}' cannot be expressed in Genius and was left out");
            var discount = discounts.TryGetValue(party.Id, out var d) ? d : 1.0;

            var objective = new XElement("objective", new XAttribute("index", 0), new XAttribute("etype", "objective"), new XAttribute("type", "objective"),
                new XAttribute("description", ""), new XAttribute("name", name));
            for (var i = 0; i < scenario.Issues.Count; i++)
                objective.Add(new XElement("weight", new XAttribute("index", i + 1), new XAttribute("value", Number(sum > 0 ? weights[i] / sum : 1.0 / scenario.Issues.Count))));
            for (var i = 0; i < scenario.Issues.Count; i++)
            {
                var issue = scenario.Issues[i];
                objective.Add(new XElement("issue", new XAttribute("index", i + 1), new XAttribute("etype", "discrete"), new XAttribute("type", "discrete"),
                    new XAttribute("vtype", "discrete"), new XAttribute("name", issue.Id),
                    issue.Options.Select((o, k) => new XElement("item", new XAttribute("index", k + 1), new XAttribute("value", o.Id),
                        new XAttribute("evaluation", Number(evaluations[i][k]))))));
            }
            profiles.Add((party.Id, new XDocument(new XElement("utility_space", objective,
                new XElement("discount_factor", new XAttribute("value", Number(discount))),
                new XElement("reservation", new XAttribute("value", Number(reservation)))))));
        }
        if (scenario.Preferences.Values.Any(p => p.Weights.Values.Any(w => w.IsEstimate) || p.Values.Values.Any(v => v.Values.Any(q => q.IsEstimate))))
            losses.Add("estimate ranges were dropped: Genius holds one number per weight and value");
        return new GeniusExport(name, domain, profiles, losses);
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
