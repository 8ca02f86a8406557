namespace Parley.Core.Diagnostics;

/// <summary>Stable codes, so tests and tools can tell kinds of problems apart without parsing messages.</summary>
public static class DiagnosticCodes
{
    public const string Syntax = "syntax";
    public const string MissingKey = "missing-key";
    public const string UnknownKey = "unknown-key";
    public const string WrongType = "wrong-type";
    public const string UnknownReference = "unknown-reference";
    public const string DuplicateId = "duplicate-id";
    public const string InvalidId = "invalid-id";
    public const string OutOfRange = "out-of-range";
    public const string WeightSum = "weight-sum";
    public const string RangeExcludesValue = "range-excludes-value";
    public const string QuoteNotFound = "quote-not-found";
    public const string SourceUnreadable = "source-unreadable";
    public const string BadDate = "bad-date";
    public const string MissingValue = "missing-value";
    public const string Uncited = "uncited";
    public const string Empty = "empty";
    public const string TooLarge = "too-large";
    /// <summary>A file named by the scenario that may not be read: absolute, outside the scenario's directory, or not a regular file.</summary>
    public const string UnsafePath = "unsafe-path";
}
