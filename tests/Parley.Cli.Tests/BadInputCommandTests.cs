using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Parley.Cli.Tests;

/// <summary>
/// The inputs that crashed a reader before the fuzzing fixes, through the real commands: each must end with the
/// documented exit code for bad input and a located message on standard error, never an internal error or a stack trace.
/// </summary>
public sealed class BadInputCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("parley-cli-bad-input-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static void AssertCleanFailure((int ExitCode, string Out, string Error) run, int exitCode, string expected)
    {
        Assert.True(run.ExitCode == exitCode, $"exit {run.ExitCode}\n{run.Error}");
        Assert.Contains(expected, run.Out + run.Error); // validate lists its findings on standard output
        Assert.DoesNotContain("internal error", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
        Assert.DoesNotContain("   at ", run.Out);
    }

    [Fact]
    public void Validate_reports_ten_thousand_nested_brackets_with_their_place()
    {
        var path = Write("deep.yaml", "id: deep\nextra: " + new string('[', 10_000) + new string(']', 10_000) + "\n");
        AssertCleanFailure(CliRunner.Run("validate", path), 2, "deep.yaml:2:");
    }

    [Fact]
    public void Validate_reports_an_empty_key_in_a_list_item_with_its_place()
    {
        var path = Write("empty-key.yaml", "id: x\nparties:\n  - id: A\n  - : B\n");
        AssertCleanFailure(CliRunner.Run("validate", path), 2, "empty-key.yaml:4:");
    }

    [Fact]
    public void Stability_reports_a_duplicate_key_in_a_gmcr_file_with_its_line_and_path()
    {
        var path = Write("dup.gmcr", """
            {"options": [{"name": "a"}, {"name": "b"}],
             "decisionMakers": [{"name": "One", "name": "Two", "options": [0]}, {"name": "Three", "options": [1]}]}
            """);
        AssertCleanFailure(CliRunner.Run("stability", "--gmcr", path), 2, "$.decisionMakers[0].name: not valid JSON (line 2)");
    }

    [Fact]
    public void Forecast_reports_a_bdm_header_without_a_name_column()
    {
        var path = Write("noname.csv", "capability,position,salience\n1,2,3\n");
        AssertCleanFailure(CliRunner.Run("forecast", "--bdm", path), 2, "no column for the actor names");
    }

    [Fact]
    public void Forecast_reports_an_overflowing_ktab_dimension_count_on_its_line()
    {
        var path = Write("dims.csv", "s,d,1,1500000000\nActor,Desc,Power,X Position,X Salience\nA,a,1,50,50\n");
        AssertCleanFailure(CliRunner.Run("forecast", "--ktab", path), 2, "dimension count 1500000000 is over the supported 100");
    }

    [Fact]
    public void Forecast_reports_a_truncated_ktab_xml()
    {
        var path = Write("cut.xml", "<Scenario><name>x</name><Actors><Actor><name>A</na");
        AssertCleanFailure(CliRunner.Run("forecast", "--ktab", path), 2, "not well-formed XML");
    }

    // ---- the security review's bad inputs: each refused quickly with its place and exit code 2 -------------------------

    /// <summary>A file of <paramref name="bytes"/> bytes that takes no disk space (sparse) and no time to write.</summary>
    private string Sparse(string name, long bytes)
    {
        var path = Path.Combine(_dir.FullName, name);
        using var stream = File.Create(path);
        stream.SetLength(bytes);
        return path;
    }

    private static (int ExitCode, string Out, string Error) Timed(params string[] args)
    {
        var clock = Stopwatch.StartNew();
        var run = CliRunner.Run(args);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"'parley {string.Join(' ', args)}' took {clock.Elapsed}");
        return run;
    }

    private static string Laughs(int levels, int width, string last)
    {
        var text = new StringBuilder("id: x\ntitle: t\nsources: [{id: s, title: s}]\nparties: [{id: A, name: A, role: belligerent}]\nextra:\n");
        text.Append("  l0: &l0 [").Append(string.Join(", ", Enumerable.Repeat("lol", width))).Append("]\n");
        for (var k = 1; k <= levels; k++)
            text.Append($"  l{k}: &l{k} [").Append(string.Join(", ", Enumerable.Repeat($"*l{k - 1}", width))).Append("]\n");
        return text.Append(last).Append('\n').ToString();
    }

    /// <summary>Before: 11 s of CPU for this 671-byte file (9 aliases per level, 8 levels), over a minute with 60 per level.</summary>
    [Fact]
    public void Validate_refuses_a_billion_laughs_alias_key_at_once()
    {
        AssertCleanFailure(Timed("validate", Write("laughs.yaml", Laughs(8, 9, "  *l8 : boom"))), 2, "laughs.yaml:11:");
        AssertCleanFailure(Timed("validate", Write("laughs-60.yaml", Laughs(9, 60, "  *l9 : boom"))), 2, "stand for more than 100,000 nodes");
        AssertCleanFailure(Timed("validate", Write("key.yaml", Laughs(2, 2, "  *l2 : boom"))), 2, "key.yaml:9:3: error too-large: the alias *l2 is used as a mapping key");
    }

    [Fact]
    public void Validate_refuses_invalid_utf8_with_its_place_instead_of_replacing_it()
    {
        var path = Path.Combine(_dir.FullName, "latin1.yaml");
        File.WriteAllBytes(path, [.. Encoding.UTF8.GetBytes("id: x\ntitle: caf"), 0xE9, (byte)'\n']);
        AssertCleanFailure(Timed("validate", path), 2, "latin1.yaml:2:11: error syntax: '" + path + "' is not valid UTF-8: byte 0xE9 at offset 16 (line 2, column 11)");
    }

    [Theory]
    [InlineData("/dev/zero", "is an absolute path")]
    [InlineData("../../../../../../etc/passwd", "leads out of the scenario's directory")]
    public void Validate_refuses_a_source_file_outside_the_scenarios_directory(string file, string reason)
    {
        var text = File.ReadAllText(CliRunner.Example("river-valley.yaml")).Replace("file: river-valley-briefing.txt", $"file: {file}");
        AssertCleanFailure(Timed("validate", Write("scenario.yaml", text)), 2, $"scenario.yaml:11:11: error unsafe-path: '{file}' {reason}");
    }

    [Fact]
    public void Every_input_file_over_the_cap_is_refused_up_front_with_its_size()
    {
        const long size = 100L * 1024 * 1024;
        foreach (var args in new[]
        {
            new[] { "validate", Sparse("big.yaml", size) },
            ["analyze", Sparse("big.json", size)],
            ["stability", Sparse("big.gmcr", size)],
            ["stability", "--gmcr", Sparse("big-gmcr.json", size)],
            ["forecast", "--ktab", Sparse("big.csv", size)],
            ["forecast", "--bdm", Sparse("big-bdm.csv", size)],
            ["forecast", "--ktab", Sparse("big.xml", size)],
            ["analyze", "--genius", Sparse("big-domain.xml", size), Sparse("big-profile.xml", size)],
            ["analyze", "--genius", Sparse("big-domain.json", size), Sparse("big-profile.json", size)],
        })
        {
            var run = Timed(args);
            AssertCleanFailure(run, 2, $"is 100 MB; the limit is 16 MB");
        }
    }

    [Fact]
    public void A_device_named_as_input_is_refused_as_not_a_regular_file()
    {
        if (!OperatingSystem.IsLinux()) return;
        AssertCleanFailure(Timed("validate", "/dev/zero"), 2, "'/dev/zero' is a character device, not a regular file");
        AssertCleanFailure(Timed("stability", "--gmcr", "/dev/zero"), 2, "not a regular file");
        AssertCleanFailure(Timed("analyze", "--genius", "/dev/zero", "/dev/zero"), 2, "not a regular file");
    }

    /// <summary>200 belligerents over three issues of three options; each values the middle options 0.5 against a reservation of 0.2.</summary>
    private static string ManyParties(int parties)
    {
        var text = new StringBuilder("id: many\ntitle: Many parties\nsources: [{id: s, title: s}]\nparties:\n");
        for (var i = 0; i < parties; i++) text.Append($"  - {{id: P{i}, name: Party {i}, role: belligerent}}\n");
        text.Append("issues:\n");
        for (var j = 0; j < 3; j++) text.Append($"  - {{id: i{j}, name: Issue {j}, options: [{{id: a}}, {{id: b}}, {{id: c}}]}}\n");
        text.Append("preferences:\n");
        for (var i = 0; i < parties; i++)
        {
            text.Append($"  P{i}:\n    reservation: 0.2\n    weights: {{i0: 0.4, i1: 0.3, i2: 0.3}}\n    values:\n");
            for (var j = 0; j < 3; j++)
            {
                var a = (i + j) % 3 / 2.0;
                text.Append(FormattableString.Invariant($"      i{j}: {{a: {a}, b: 0.5, c: {1 - a}}}\n"));
            }
        }
        return text.Append("proposals:\n  - {id: middle, name: Middle, author: x, terms: {i0: b, i1: b, i2: b}}\n").ToString();
    }

    /// <summary>Before: exit 70, "ArgumentException: .NET number values such as positive and negative infinity cannot be written as valid JSON".</summary>
    [Fact]
    public void Analyze_writes_json_for_200_parties()
    {
        var path = Write("many.yaml", ManyParties(200));
        var run = CliRunner.Run("analyze", path, "--format", "json");
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Error}");
        using var json = JsonDocument.Parse(run.Out);
        var nash = json.RootElement.GetProperty("result").GetProperty("solutions").EnumerateArray().First(s => s.GetProperty("kind").GetString() == "Nash");
        Assert.Equal(Math.Pow(0.3, 200), nash.GetProperty("value").GetDouble(), 1e-110);
    }
}
