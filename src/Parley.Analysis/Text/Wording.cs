using Parley.Core.Evaluation;

namespace Parley.Analysis.Text;

/// <summary>Verdict words and summaries, in one place for every front end.</summary>
public static class Wording
{
    /// <summary>The verdict as the API and JSON spell it.</summary>
    public static string Code(Verdict verdict) => verdict switch
    {
        Verdict.Accept => "accept",
        Verdict.Reject => "reject",
        _ => "depends",
    };

    /// <summary>What a party does with a package, as a sentence fragment ("accepts").</summary>
    public static string VerdictText(string verdict) => verdict switch
    {
        "accept" => "accepts",
        "reject" => "rejects",
        _ => "depends on open issues",
    };

    public static string VerdictText(Verdict verdict) => VerdictText(Code(verdict));

    /// <summary>The shortfall of a blocking party: its red line, or by how much its best completion falls short.</summary>
    public static string Shortfall(bool redLine, double marginMax) => redLine ? "red line" : $"short by {Fmt.Num(-marginMax)}";
}
