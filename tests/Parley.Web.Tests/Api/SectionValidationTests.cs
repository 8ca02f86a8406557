extern alias cli;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using cli::Parley.Cli;
using cli::Parley.Cli.Infrastructure;
using Spectre.Console.Testing;

namespace Parley.Web.Tests.Api;

/// <summary>
/// A file that <c>parley validate</c> rejects is refused by the workbench's import with the same located
/// messages: the engine sections (<c>spatial</c>, <c>conflict</c>) are read by one checker in the analysis layer.
/// </summary>
public sealed class SectionValidationTests : ApiTestBase
{
    private static string Example(string name) => Path.Combine(AppContext.BaseDirectory, "examples", name);

    public static TheoryData<string, string, string, string> Broken => new()
    {
        // A spatial section of the wrong shape.
        { "river-valley.yaml", "\nspatial:\n  dimensions: five\n", "", "spatial" },
        // An unknown option in a conflict priority.
        { "tasovar-enclave.yaml", "", "{statement: \"dv_withdraw\",", "conflict" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public async Task The_workbench_refuses_what_validate_rejects_with_the_same_messages(string example, string append, string replace, string section)
    {
        var text = await File.ReadAllTextAsync(Example(example));
        text = replace.Length > 0 ? text.Replace(replace, "{statement: \"dv_vanish\",", StringComparison.Ordinal) : text + append;
        var file = Path.Combine(Path.GetTempPath(), $"parley-sections-{Guid.NewGuid():N}-{example}");
        await File.WriteAllTextAsync(file, text);
        try
        {
            var console = new TestConsole().Width(200);
            var code = ParleyApp.Run(["validate", file, "-f", "json"], new CliContext(console, new StringWriter(), ShowProgress: false));
            Assert.Equal(ExitCodes.InvalidScenario, code);
            var cliErrors = JsonDocument.Parse(console.Output).RootElement.GetProperty("diagnostics").EnumerateArray()
                .Where(d => d.GetProperty("severity").GetString() == "error")
                .Select(d => (d.GetProperty("code").GetString(), d.GetProperty("message").GetString(), d.GetProperty("path").GetString()))
                .ToList();
            Assert.Contains(cliErrors, e => e.Item3!.StartsWith(section, StringComparison.Ordinal));

            var content = new StringContent(text);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");
            var response = await _client.PostAsync($"/api/scenarios?fileName={example}", content);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            var webErrors = body.GetProperty("diagnostics").EnumerateArray()
                .Where(d => d.GetProperty("severity").GetString() == "error")
                .Select(d => (d.GetProperty("code").GetString(), d.GetProperty("message").GetString(), d.GetProperty("path").GetString()))
                .ToList();
            Assert.Equal(cliErrors, webErrors);
            Assert.Empty((await _client.GetFromJsonAsync<JsonElement[]>("/api/scenarios"))!);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
