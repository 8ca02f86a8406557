using System.Text.Json;
using Parley.Analysis.Analyses;
using Parley.Analysis.Contracts;
using Parley.Analysis.Json;
using Parley.Core.Format;
using Xunit;

namespace Parley.Analysis.Tests;

public class SchemaTests
{
    private static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Parley.slnx"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("no Parley.slnx above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Set PARLEY_WRITE_SCHEMAS=1 to rewrite docs/schemas/ after changing a result record.</summary>
    [Theory]
    [InlineData("bargaining")]
    [InlineData("exhaustive")]
    [InlineData("robustness")]
    [InlineData("timeline")]
    public void The_published_schema_is_the_one_the_code_writes(string analysis)
    {
        var path = Path.Combine(RepositoryRoot, "docs", "schemas", $"{analysis}.schema.json");
        var generated = ResultSchemas.For(analysis);
        if (Environment.GetEnvironmentVariable("PARLEY_WRITE_SCHEMAS") == "1") File.WriteAllText(path, generated);
        Assert.True(File.Exists(path), $"{path} is missing; run the tests with PARLEY_WRITE_SCHEMAS=1");
        Assert.Equal(generated, File.ReadAllText(path).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_document_has_every_property_its_schema_requires_and_no_other()
    {
        var schema = JsonDocument.Parse(ResultSchemas.For("bargaining")).RootElement;
        var scenario = BuiltInScenarios.Load("ukraine-2022").GetOrThrow();
        var document = JsonDocument.Parse(ResultJson.Serialize(new BargainingAnalysisContract().Run(scenario, AnalysisOptions.Default))).RootElement;
        var properties = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Equal(properties.Order(), document.EnumerateObject().Select(p => p.Name).Order());
        var resultProperties = schema.GetProperty("properties").GetProperty("result").GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Subset(resultProperties, document.GetProperty("result").EnumerateObject().Select(p => p.Name).ToHashSet());
        Assert.Equal(ResultJson.SchemaVersion, document.GetProperty("schemaVersion").GetInt32());
    }
}
