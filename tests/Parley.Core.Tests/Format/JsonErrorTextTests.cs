using System.Text.Json;
using Parley.Core.Format;

namespace Parley.Core.Tests.Format;

/// <summary>System.Text.Json's own errors, with and without a path, lose only their position suffix.</summary>
public class JsonErrorTextTests
{
    private static JsonException ErrorOf(string json)
    {
        try
        {
            using var _ = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            return e;
        }
        throw new InvalidOperationException("the JSON parsed");
    }

    [Theory]
    [InlineData("{\"a\": [1, 2")]   // inside a value: the message has a path
    [InlineData("{\"a\" 1}")]
    [InlineData("{")]                // at the top: no path, only "LineNumber: … | BytePositionInLine: …"
    public void The_position_suffix_is_cut_and_the_reason_kept(string json)
    {
        var error = ErrorOf(json);
        var reason = JsonErrorText.Reason(error);
        Assert.Contains("LineNumber", error.Message);
        Assert.DoesNotContain("LineNumber", reason);
        Assert.DoesNotContain("BytePositionInLine", reason);
        Assert.DoesNotContain("Path: ", reason);
        Assert.True(reason.Length > 10, reason);
        Assert.StartsWith(reason, error.Message);
    }
}
