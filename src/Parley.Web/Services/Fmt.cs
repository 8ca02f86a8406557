using System.Globalization;

namespace Parley.Web.Services;

/// <summary>Number formats shared by the pages, matching the CLI's.</summary>
public static class Fmt
{
    public static string Num(double value, int digits = 3) =>
        value.ToString("0." + new string('#', digits), CultureInfo.InvariantCulture);

    public static string Signed(double value) =>
        (value >= 0 ? "+" : "−") + Num(Math.Abs(value));

    public static string Range(double min, double max) =>
        Math.Abs(max - min) < 1e-12 ? Num(min) : $"{Num(min)}–{Num(max)}";

    public static string SignedRange(double min, double max) =>
        Math.Abs(max - min) < 1e-12 ? Signed(min) : $"{Signed(min)} … {Signed(max)}";

    public static string Count(double n) => n.ToString(n >= 1e15 ? "0.###e0" : "#,0", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string VerdictText(string verdict) => verdict switch
    {
        "accept" => "accepts",
        "reject" => "rejects",
        _ => "depends on open issues",
    };

    public static string Overall(EvaluationDto e) =>
        e.Blockers.Count > 0
            ? "Blocked by " + string.Join(", ", e.Parties.Where(p => e.Blockers.Contains(p.Party)).Select(p =>
                p.Name + (p.RedLinesHit.Count > 0 ? " (red line)" : $" (short by {Num(-p.MarginMax)})")))
            : e.Overall == "accept" ? "Every required party accepts." : "Acceptance depends on how the open issues are settled.";
}
