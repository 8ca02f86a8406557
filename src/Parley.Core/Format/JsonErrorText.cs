using System.Text.Json;

namespace Parley.Core.Format;

/// <summary>The reason of a System.Text.Json error without the position suffix its message ends with.</summary>
public static class JsonErrorText
{
    /// <summary>
    /// System.Text.Json ends its messages with "Path: $ | LineNumber: 3 | BytePositionInLine: 4." (the path part
    /// only when there is one); Parley's readers report the place themselves, so it would be said twice.
    /// </summary>
    public static string Reason(JsonException error)
    {
        var message = error.Message;
        var cut = message.Length;
        foreach (var marker in (ReadOnlySpan<string>)[" Path: ", " LineNumber: "])
        {
            var at = message.IndexOf(marker, StringComparison.Ordinal);
            if (at > 0 && at < cut) cut = at;
        }
        return message[..cut];
    }
}
