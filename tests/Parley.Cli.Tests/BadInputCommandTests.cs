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
}
