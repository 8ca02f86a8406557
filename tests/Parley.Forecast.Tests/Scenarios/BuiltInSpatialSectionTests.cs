using Parley.Core.Diagnostics;
using Parley.Core.Format;
using Parley.Forecast.Scenarios;

namespace Parley.Forecast.Tests.Scenarios;

/// <summary>The built-in scenario's spatial section reads cleanly and quotes the founding document exactly.</summary>
public class BuiltInSpatialSectionTests
{
    private static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Parley.slnx"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root (Parley.slnx) above " + AppContext.BaseDirectory);
        }
    }

    private static QuoteMatcher Seed()
    {
        var dir = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "seed"));
        Assert.True(Directory.Exists(dir), $"the founding document is missing: expected {dir}");
        var files = Directory.GetFiles(dir, "*.txt");
        Assert.NotEmpty(files);
        return new QuoteMatcher(string.Join("\n\n", files.Order().Select(File.ReadAllText)));
    }

    private static (SpatialSection Section, DiagnosticBag Bag) Read()
    {
        var scenario = BuiltInScenarios.Load(BuiltInScenarios.Default).GetOrThrow();
        var bag = new DiagnosticBag();
        var section = SpatialSection.Read(scenario, bag);
        Assert.True(section is not null, string.Join("\n", bag.Items));
        return (section, bag);
    }

    [Fact]
    public void Reads_without_errors_or_warnings()
    {
        var (section, bag) = Read();
        Assert.Empty(bag.Items);
        Assert.Equal(["territory", "alignment", "sanctions"], section.Dimensions.Select(d => d.Dimension.Id));
        Assert.Equal("1991 borders", section.Dimensions[0].Dimension.MinLabel);
        Assert.Equal("all four annexed regions and Crimea Russian", section.Dimensions[0].Dimension.MaxLabel);
        foreach (var id in new[] { "UA", "RU", "US", "EU", "UK", "DE", "BALT-PL", "FR", "TR", "SA", "AE", "CN", "IN", "KZ", "UZ", "KG", "TJ", "TM", "UN" })
            Assert.Contains(id, section.Actors.Select(a => a.PartyId));
        // Saliences sum to at most 1 per actor, so both engines see the same numbers (SMP would rescale otherwise).
        Assert.All(section.Actors, a => Assert.True(a.Saliences.Sum(s => s.Value) <= 1 + 1e-9, $"{a.PartyId}: saliences sum above 1"));
        section.ToModel();
    }

    [Fact]
    public void Every_spatial_number_is_cited_or_an_estimate_with_range_and_rationale()
    {
        var (section, _) = Read();
        foreach (var actor in section.Actors)
            foreach (var q in actor.Positions.Concat(actor.Saliences).Append(actor.Capability))
            {
                Assert.True(q.Provenance.IsCited, $"{actor.PartyId}: a number without a citation");
                if (q.IsEstimate) Assert.False(string.IsNullOrWhiteSpace(q.Provenance.Rationale), $"{actor.PartyId}: an estimate without a rationale");
            }
    }

    [Fact]
    public void Every_spatial_quote_occurs_in_the_founding_document()
    {
        var seed = Seed();
        var (section, _) = Read();
        Assert.True(section.Citations.Count > 50);
        var missing = section.Citations.Where(c => !seed.Contains(c.Citation.Quote))
            .Select(c => $"{c.Location}: {c.Path}: \"{c.Citation.Quote}\"").ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} quote(s) not in the seed:\n{string.Join("\n", missing)}");
    }
}
