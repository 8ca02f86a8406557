using Parley.Core.Diagnostics;
using Parley.Core.Format;

namespace Parley.Core.Tests.Fuzz;

/// <summary>Minimal inputs of the crashes the mutation fuzzing found, each once an exception out of the loader.</summary>
public sealed class ScenarioRegressionTests
{
    private static Diagnostic SingleError(string text)
    {
        var result = ScenarioLoader.LoadText(text, "bad.yaml");
        Assert.False(result.Succeeded);
        return Assert.Single(result.Diagnostics, d => d.Severity == Severity.Error);
    }

    /// <summary>YamlDotNet's parser accepts an empty key in a block list item, then its node builder throws ArgumentException.</summary>
    [Fact]
    public void An_empty_key_in_a_list_item_is_a_located_syntax_error()
    {
        var error = SingleError("id: x\nlist:\n  - a: 1\n  - : 2\n");
        Assert.Equal(DiagnosticCodes.Syntax, error.Code);
        Assert.Equal("bad.yaml", error.Location!.File);
        Assert.True(error.Location.Line == 4, error.Message + " at " + error.Location);
        Assert.Contains("empty key", error.Message);
    }
}
