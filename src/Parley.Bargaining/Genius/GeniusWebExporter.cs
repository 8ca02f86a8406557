using System.Text.Json;
using System.Text.Json.Nodes;
using Parley.Core.Model;

namespace Parley.Bargaining.Genius;

/// <summary>A GeniusWeb domain, one profile per party with preferences, and what the format could not carry.</summary>
public sealed record GeniusWebExport(string DomainName, JsonObject Domain, IReadOnlyList<(string PartyId, JsonObject Profile)> Profiles, IReadOnlyList<string> Losses)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Writes DOMAIN.json and DOMAIN-PARTY.json into <paramref name="directory"/>; returns the paths, domain first.</summary>
    public IReadOnlyList<string> Save(string directory)
    {
        Directory.CreateDirectory(directory);
        var paths = new List<string> { Path.Combine(directory, $"{DomainName}.json") };
        File.WriteAllText(paths[0], Domain.ToJsonString(Indented));
        foreach (var (party, profile) in Profiles)
        {
            var path = Path.Combine(directory, $"{DomainName}-{party}.json");
            File.WriteAllText(path, profile.ToJsonString(Indented));
            paths.Add(path);
        }
        return paths;
    }
}

/// <summary>
/// Writes a scenario as GeniusWeb JSON (<c>LinearAdditiveUtilitySpace</c> profiles). GeniusWeb takes value
/// utilities as written, so they are exported unchanged; its weights must sum to exactly 1, so weights
/// summing to s are written as w/s (every utility scales by 1/s, which changes no preference). GeniusWeb
/// has no reservation value, only a reservation bid whose utility is the threshold, so the exporter picks
/// the package of least utility at or above the reservation value: then exactly the packages Parley finds
/// acceptable are at least as good as the reservation bid. Red lines and estimate ranges cannot be expressed
/// and are listed in <see cref="GeniusWebExport.Losses"/>.
/// </summary>
public static class GeniusWebExporter
{
    /// <summary>Search nodes allowed when looking for the reservation bid before settling for the best found.</summary>
    private const long SearchBudget = 5_000_000;

    /// <summary>Decimal places written: enough that the rounding stays far below any meaningful utility gap.</summary>
    private const int Decimals = 15;

    public static GeniusWebExport Export(Scenario scenario)
    {
        var losses = new List<string>();
        var name = scenario.Id;
        var domain = DomainJson(scenario);
        var profiles = new List<(string, JsonObject)>();
        foreach (var party in scenario.Parties)
        {
            if (!scenario.Preferences.TryGetValue(party.Id, out var preferences)) continue;
            var weights = Weights(scenario, preferences, party.Id, losses);
            var values = scenario.Issues.Select(issue => issue.Options.Select(o =>
            {
                var v = preferences.Value(issue.Id, o.Id);
                if (v is >= 0 and <= 1) return Math.Round((decimal)v, Decimals);
                losses.Add($"{party.Id}: value {v} of {issue.Id}={o.Id} is outside [0, 1]; exported as {Math.Clamp(v, 0, 1)}");
                return (decimal)Math.Clamp(v, 0, 1);
            }).ToArray()).ToArray();

            var utilities = new JsonObject();
            for (var i = 0; i < scenario.Issues.Count; i++)
            {
                var valueUtilities = new JsonObject();
                for (var k = 0; k < scenario.Issues[i].Options.Count; k++) valueUtilities[scenario.Issues[i].Options[k].Id] = values[i][k];
                utilities[scenario.Issues[i].Id] = new JsonObject { ["discreteutils"] = new JsonObject { ["valueUtilities"] = valueUtilities } };
            }
            var weightJson = new JsonObject();
            for (var i = 0; i < scenario.Issues.Count; i++) weightJson[scenario.Issues[i].Id] = weights.Scaled[i];

            var space = new JsonObject
            {
                ["name"] = party.Id,
                ["issueUtilities"] = utilities,
                ["issueWeights"] = weightJson,
                ["domain"] = DomainJson(scenario),
            };
            // Utilities as GeniusWeb (and the importer) will compute them: weight times value, in issue order.
            var contributions = scenario.Issues.Select((_, i) => values[i].Select(v => (double)weights.Scaled[i] * (double)v).ToArray()).ToArray();
            var bid = ReservationBid(contributions, preferences.Reservation.Value / weights.Sum, party.Id, losses);
            if (bid is not null)
            {
                var issueValues = new JsonObject();
                for (var i = 0; i < scenario.Issues.Count; i++) issueValues[scenario.Issues[i].Id] = scenario.Issues[i].Options[bid[i]].Id;
                space["reservationBid"] = new JsonObject { ["issuevalues"] = issueValues };
            }
            foreach (var redLine in preferences.RedLines)
                losses.Add($"{party.Id}: red line '{redLine.Label}' cannot be expressed in GeniusWeb and was left out");
            profiles.Add((party.Id, new JsonObject { [GeniusWebImporter.ProfileType] = space }));
        }
        if (scenario.Preferences.Values.Any(p => p.Weights.Values.Any(w => w.IsEstimate) || p.Values.Values.Any(v => v.Values.Any(q => q.IsEstimate))))
            losses.Add("estimate ranges were dropped: GeniusWeb holds one number per weight and value");
        return new GeniusWebExport(name, domain, profiles, losses);
    }

    private static JsonObject DomainJson(Scenario scenario)
    {
        var issues = new JsonObject();
        foreach (var issue in scenario.Issues)
            issues[issue.Id] = new JsonObject { ["values"] = new JsonArray(issue.Options.Select(o => (JsonNode)JsonValue.Create(o.Id)!).ToArray()) };
        return new JsonObject { ["name"] = scenario.Id, ["issuesValues"] = issues };
    }

    /// <summary>Weights divided by their sum and rounded so that, in decimal, they sum to exactly 1 as GeniusWeb demands.</summary>
    private static (decimal[] Scaled, double Sum) Weights(Scenario scenario, PartyPreferences preferences, string party, List<string> losses)
    {
        var raw = scenario.Issues.Select(i => Math.Max(0, preferences.Weight(i.Id))).ToArray();
        var sum = raw.Sum();
        if (sum <= 0)
        {
            losses.Add($"{party}: every weight is 0; exported with equal weights");
            raw = raw.Select(_ => 1.0).ToArray();
            sum = raw.Length;
        }
        var scaled = raw.Select(w => Math.Round((decimal)(w / sum), Decimals)).ToArray();
        var largest = Array.IndexOf(raw, raw.Max());
        scaled[largest] += 1m - scaled.Sum();
        return (scaled, sum);
    }

    /// <summary>
    /// The package of least utility at or above <paramref name="threshold"/>, by depth-first search with
    /// bounds (no package is listed); null when every package reaches the threshold, since then no
    /// reservation bid says the same.
    /// </summary>
    private static int[]? ReservationBid(double[][] contributions, double threshold, string party, List<string> losses)
    {
        var n = contributions.Length;
        var order = contributions.Select(c => Enumerable.Range(0, c.Length).OrderBy(k => c[k]).ToArray()).ToArray();
        var minRest = new double[n + 1];
        var maxRest = new double[n + 1];
        for (var i = n - 1; i >= 0; i--)
        {
            minRest[i] = minRest[i + 1] + contributions[i].Min();
            maxRest[i] = maxRest[i + 1] + contributions[i].Max();
        }
        if (minRest[0] >= threshold) return null;
        if (maxRest[0] < threshold)
        {
            losses.Add($"{party}: reservation value exceeds the party's best utility, which GeniusWeb cannot say; the best package was exported as the reservation bid");
            return order.Select(o => o[^1]).ToArray();
        }

        var best = double.PositiveInfinity;
        int[]? bestPackage = null;
        var current = new int[n];
        long nodes = 0;
        var exhausted = false;

        void Search(int i, double partial)
        {
            if (++nodes > SearchBudget) { exhausted = true; return; }
            if (partial + maxRest[i] < threshold || partial + minRest[i] >= best) return;
            if (partial + minRest[i] >= threshold)
            {
                // The cheapest completion already reaches the threshold: nothing below it here can do better.
                best = partial + minRest[i];
                bestPackage = current.Take(i).Concat(order.Skip(i).Select(o => o[0])).ToArray();
                return;
            }
            foreach (var k in order[i])
            {
                if (exhausted) return;
                current[i] = k;
                Search(i + 1, partial + contributions[i][k]);
            }
        }

        Search(0, 0);
        if (exhausted)
            losses.Add($"{party}: the search for the reservation bid stopped after {SearchBudget:N0} steps; the bid found may make a few packages just above the reservation value unacceptable");
        return bestPackage;
    }
}
