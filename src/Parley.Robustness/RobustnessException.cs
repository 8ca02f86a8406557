namespace Parley.Robustness;

/// <summary>The analysis cannot run on this input; the message says what is wrong and where.</summary>
public sealed class RobustnessException(string message) : Exception(message);
