extern alias cli;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Parley.Analysis.Json;
using cli::Parley.Cli;
using cli::Parley.Cli.Infrastructure;
using Parley.Web.Services;
using Spectre.Console.Testing;

namespace Parley.Web.Tests.Api;

/// <summary>
/// One analysis layer: the command line's <c>--format json</c> and the workbench's stored run are the same
/// document, byte for byte once both are written the same way.
/// </summary>
public sealed class ParityTests : ApiTestBase
{
    private AnalysisRunner Runner => (AnalysisRunner)_factory.Services.GetService(typeof(AnalysisRunner))!;

    public static TheoryData<string, string, string> Cases => new()
    {
        { "ukraine-2022", "builtin", "bargaining" },
        { "river-valley.yaml", "file", "bargaining" },
        { "tasovar-enclave.yaml", "file", "bargaining" },
        { "river-valley.yaml", "file", "exhaustive" },
        { "tasovar-enclave.yaml", "file", "exhaustive" },
        { "ukraine-2022", "builtin", "stability" },
        { "tasovar-enclave.yaml", "file", "stability" },
        { "ukraine-2022", "builtin", "robustness" },
        { "river-valley.yaml", "file", "robustness" },
        { "tasovar-enclave.yaml", "file", "robustness" },
        { "ukraine-2022", "builtin", "timeline" },
        { "river-valley.yaml", "file", "timeline" },
        { "tasovar-enclave.yaml", "file", "timeline" },
    };

    /// <summary>Robustness through both paths with the same draws and seed; few draws keep the test quick, the document is the same at any count.</summary>
    private const int Draws = 500;
    private const int Seed = 3;

    /// <summary>Scenarios an analysis does not apply to: both front ends refuse, with the same message.</summary>
    public static TheoryData<string, string> Refusals => new()
    {
        { "river-valley.yaml", "stability" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_cli_and_the_workbench_return_the_same_document(string scenario, string kind, string analysis)
    {
        var (slug, cliScenario) = await Import(scenario, kind);

        var robustness = analysis == "robustness";
        var started = await _client.PostAsJsonAsync("/api/analyses",
            new StartAnalysisRequest(slug, null, 5, robustness ? Seed : null, "parity", analysis, Draws: robustness ? Draws : null), Json);
        Assert.True(started.StatusCode == HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync());
        var run = (await started.Content.ReadFromJsonAsync<AnalysisRunDto>(Json))!;
        await Runner.WaitAsync(run.Id);
        var stored = await _client.GetStringAsync($"/api/analyses/{run.Id}/result");

        var cli = Cli(analysis, cliScenario);
        if (cli is null) return; // the CLI has no exhaustive command; the document is compared with the contract below
        Assert.Equal(Canonical(cli), Canonical(stored));
        Assert.Equal(analysis, JsonDocument.Parse(stored).RootElement.GetProperty("analysis").GetString());
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task The_cli_and_the_workbench_refuse_with_the_same_message(string scenario, string analysis)
    {
        var (slug, cliScenario) = await Import(scenario, "file");
        var started = await _client.PostAsJsonAsync("/api/analyses", new StartAnalysisRequest(slug, null, 5, null, "parity", analysis), Json);
        Assert.Equal(HttpStatusCode.BadRequest, started.StatusCode);
        var problem = (await started.Content.ReadFromJsonAsync<ProblemDto>(Json))!;

        var console = new TestConsole().Width(200);
        var error = new StringWriter();
        var code = ParleyApp.Run(CliArguments(analysis, cliScenario)!, new CliContext(console, error, ShowProgress: false));
        Assert.Equal(ExitCodes.AnalysisFailed, code);
        Assert.Equal($"parley: {problem.Error}", error.ToString().Trim());
    }

    private async Task<(string Slug, string CliScenario)> Import(string scenario, string kind)
    {
        string slug, cliScenario;
        if (kind == "builtin")
        {
            var created = await _client.PostAsync($"/api/scenarios/builtin/{scenario}", new StringContent("", System.Text.Encoding.UTF8, "application/json"));
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            slug = (await created.Content.ReadFromJsonAsync<ImportResponse>(Json))!.Slug;
            cliScenario = scenario;
        }
        else
        {
            cliScenario = Path.Combine(AppContext.BaseDirectory, "examples", scenario);
            var content = new StringContent(await File.ReadAllTextAsync(cliScenario));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");
            var created = await _client.PostAsync($"/api/scenarios?fileName={scenario}", content);
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            slug = (await created.Content.ReadFromJsonAsync<ImportResponse>(Json))!.Slug;
        }
        return (slug, cliScenario);
    }

    [Fact]
    public async Task The_run_document_in_the_run_record_is_the_stored_document()
    {
        var content = new StringContent(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "examples", "river-valley.yaml")));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");
        var slug = (await (await _client.PostAsync("/api/scenarios?fileName=river-valley.yaml", content)).Content.ReadFromJsonAsync<ImportResponse>(Json))!.Slug;
        var run = (await (await _client.PostAsJsonAsync("/api/analyses", new StartAnalysisRequest(slug, null, 3, null, "parity"), Json)).Content.ReadFromJsonAsync<AnalysisRunDto>(Json))!;
        await Runner.WaitAsync(run.Id);
        var record = (await _client.GetFromJsonAsync<AnalysisRunDto>($"/api/analyses/{run.Id}", Json))!;
        var stored = await _client.GetStringAsync($"/api/analyses/{run.Id}/result");
        Assert.Equal(Canonical(stored), Canonical(record.Result!.Value.GetRawText()));
        Assert.Equal(ResultJson.SchemaVersion, record.Result.Value.GetProperty("schemaVersion").GetInt32());
    }

    /// <summary>The command line that prints the analysis's document; null for an analysis the CLI has no command for.</summary>
    private static string[]? CliArguments(string analysis, string scenario) => analysis switch
    {
        "bargaining" => ["analyze", scenario, "--format", "json", "--top", "5"],
        "stability" => ["stability", scenario, "--format", "json"],
        "robustness" => ["robustness", scenario, "--format", "json", "--top", "5", "-n", Draws.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", Seed.ToString(System.Globalization.CultureInfo.InvariantCulture)],
        "timeline" => ["timeline", scenario, "--format", "json", "--top", "5"],
        _ => null,
    };

    private static string? Cli(string analysis, string scenario)
    {
        if (CliArguments(analysis, scenario) is not { } arguments) return null;
        var console = new TestConsole().Width(200);
        var error = new StringWriter();
        var code = ParleyApp.Run(arguments, new CliContext(console, error, ShowProgress: false));
        Assert.True(code == ExitCodes.Ok, error.ToString());
        return console.Output;
    }

    /// <summary>The same document written the same way (indentation and line ends aside).</summary>
    private static string Canonical(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);
}
