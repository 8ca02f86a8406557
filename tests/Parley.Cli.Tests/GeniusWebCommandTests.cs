using System.Text.Json;
using Parley.Cli.Infrastructure;
using Xunit;

namespace Parley.Cli.Tests;

public class GeniusWebCommandTests
{
    private static string Party(string file) => CliRunner.Shared("negotiation-domains", "Party-geniusweb", file);

    /// <summary>Every package's utility and the reservation value, computed straight from a profile's JSON numbers.</summary>
    private static (List<double> Utilities, double Reservation) FromJson(string profile)
    {
        using var domain = JsonDocument.Parse(File.ReadAllText(Party("party.json")));
        var issues = domain.RootElement.GetProperty("issuesValues").EnumerateObject()
            .Select(p => (p.Name, Values: p.Value.GetProperty("values").EnumerateArray().Select(v => v.GetString()!).ToArray())).ToArray();
        using var json = JsonDocument.Parse(File.ReadAllText(profile));
        var space = json.RootElement.GetProperty("LinearAdditiveUtilitySpace");
        double U(string issue, string value) => space.GetProperty("issueWeights").GetProperty(issue).GetDouble()
            * space.GetProperty("issueUtilities").GetProperty(issue).GetProperty("discreteutils").GetProperty("valueUtilities").GetProperty(value).GetDouble();
        var bid = space.GetProperty("reservationBid").GetProperty("issuevalues");
        var reservation = issues.Sum(i => U(i.Name, bid.GetProperty(i.Name).GetString()!));
        var all = new List<double>();
        void Walk(int i, double sum)
        {
            if (i == issues.Length) { all.Add(sum); return; }
            foreach (var v in issues[i].Values) Walk(i + 1, sum + U(issues[i].Name, v));
        }
        Walk(0, 0);
        return (all, reservation);
    }

    [Fact]
    public void Analyze_reads_geniusweb_json_end_to_end()
    {
        var (code, output, error) = CliRunner.Run("analyze", "--genius", Party("party.json"), Party("party1.json"), Party("party2.json"), "-f", "json");
        Assert.True(code == ExitCodes.Ok, error);
        using var json = JsonDocument.Parse(output);
        var zopa = json.RootElement.GetProperty("result").GetProperty("zone");
        Assert.Equal(4 * 4 * 4 * 4 * 3 * 4, zopa.GetProperty("packages").GetDouble());

        var (u1, r1) = FromJson(Party("party1.json"));
        var (u2, r2) = FromJson(Party("party2.json"));
        var acceptable = u1.Zip(u2).Where(p => p.First >= r1 - 1e-12 && p.Second >= r2 - 1e-12).ToList();
        Assert.Equal(acceptable.Count, zopa.GetProperty("acceptable").GetInt64());
        var bestNash = acceptable.Max(p => (p.First - r1) * (p.Second - r2));
        var best = json.RootElement.GetProperty("result").GetProperty("best").GetProperty("packages")[0];
        Assert.Equal(bestNash, best.GetProperty("nashProduct").GetDouble(), 12);
        var parties = best.GetProperty("parties").EnumerateArray().ToList();
        Assert.Equal(["party1", "party2"], parties.Select(p => p.GetProperty("party").GetString()));
        Assert.Equal(r1, parties[0].GetProperty("utility").GetDouble() - parties[0].GetProperty("gain").GetDouble(), 12);
    }

    [Fact]
    public void A_malformed_geniusweb_profile_gets_its_file_and_json_path()
    {
        var broken = Path.Combine(Path.GetTempPath(), $"parley-gw-{Guid.NewGuid():N}.json");
        File.WriteAllText(broken, File.ReadAllText(Party("party1.json")).Replace("\"Food\": 0.19,", "\"Food\": 0.29,"));
        try
        {
            var (code, _, error) = CliRunner.Run("analyze", "--genius", Party("party.json"), broken, Party("party2.json"));
            Assert.Equal(ExitCodes.InvalidScenario, code);
            Assert.Contains(Path.GetFileName(broken), error);
            Assert.Contains("$.LinearAdditiveUtilitySpace.issueWeights", error);
            Assert.Contains("sum to 1.10", error);
            Assert.DoesNotContain("   at ", error);
        }
        finally
        {
            File.Delete(broken);
        }
    }
}
