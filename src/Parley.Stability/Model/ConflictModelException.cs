namespace Parley.Stability.Model;

/// <summary>
/// A conflict model (or a file describing one) is malformed or inconsistent. <see cref="Location"/> says
/// where: a file name, a JSON path such as <c>$.decisionMakers[1].options[0]</c>, or a line number.
/// </summary>
public sealed class ConflictModelException : Exception
{
    public ConflictModelException(string message, string? location = null, Exception? inner = null)
        : base(location is null ? message : $"{location}: {message}", inner)
    {
        Location = location;
        Reason = message;
    }

    public string? Location { get; }

    /// <summary>The message without the location prefix.</summary>
    public string Reason { get; }
}
