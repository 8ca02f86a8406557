using System.Globalization;

namespace Parley.Analysis.Text;

/// <summary>
/// The one number and wording formatter of every front end: the CLI's tables, the workbench's pages, the
/// report and the brief print the same quantity the same way.
/// </summary>
public static class Fmt
{
    /// <summary>Utilities, margins and other values on a 0–1 scale: always three decimals, so columns align and "0.050" never reads "0.05" elsewhere.</summary>
    public static string Num(double value, int decimals = 3) => value.ToString("F" + decimals, CultureInfo.InvariantCulture);

    /// <summary>A gain or margin with its sign; −0.000 prints as +0.000.</summary>
    public static string Signed(double value, int decimals = 3)
    {
        var text = Math.Abs(value).ToString("F" + decimals, CultureInfo.InvariantCulture);
        var isZero = text.All(c => c is '0' or '.');
        return (value < 0 && !isZero ? "−" : "+") + text;
    }

    /// <summary>Counts of packages, states or draws: grouped digits; in scientific notation only past 10^15, where digits stop meaning anything.</summary>
    public static string Count(double value) =>
        Math.Abs(value) < 1e15 ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("0.###e0", CultureInfo.InvariantCulture);

    public static string Count(long value) => Count((double)value);

    public static string Count(System.Numerics.BigInteger value) =>
        value < 1_000_000_000_000_000 ? value.ToString("N0", CultureInfo.InvariantCulture) : Count((double)value);

    public static string Range(double min, double max) => Math.Abs(max - min) < 1e-12 ? Num(min) : $"{Num(min)}–{Num(max)}";

    public static string SignedRange(double min, double max) => Math.Abs(max - min) < 1e-12 ? Signed(min) : $"{Signed(min)}…{Signed(max)}";

    /// <summary>
    /// A share in [0, 1] as a percentage that never rounds a non-zero share to "0.00 %" nor a share short of
    /// one to "100.00 %": small shares keep two significant digits.
    /// </summary>
    public static string Percent(double share)
    {
        if (double.IsNaN(share)) return "n/a";
        if (share <= 0) return "0 %";
        if (share >= 1) return "100 %";
        var percent = share * 100;
        if (percent < 0.01)
        {
            var digits = Math.Max(2, 1 - (int)Math.Floor(Math.Log10(percent)));
            return percent.ToString("F" + Math.Min(digits, 12), CultureInfo.InvariantCulture) + " %";
        }
        var text = percent.ToString("F2", CultureInfo.InvariantCulture);
        if (text == "100.00") text = "99.99";
        if (text == "0.00") text = "0.01";
        return text + " %";
    }

    /// <summary>A percentage without decimals, for stake shares and frequencies in dense tables; non-zero never prints as 0 %.</summary>
    public static string PercentRounded(double share) =>
        share <= 0 ? "0 %" : share >= 1 ? "100 %" : share < 0.005 ? "<1 %" : share > 0.995 ? ">99 %" : (share * 100).ToString("F0", CultureInfo.InvariantCulture) + " %";

    /// <summary>An estimated duration, as precise as an estimate deserves: "under a second", "40 s", "16 min", "2.5 h".</summary>
    public static string Duration(double seconds) => seconds switch
    {
        < 1 => "under a second",
        < 120 => seconds.ToString("0", CultureInfo.InvariantCulture) + " s",
        < 7200 => (seconds / 60).ToString("0", CultureInfo.InvariantCulture) + " min",
        _ => (seconds / 3600).ToString("0.#", CultureInfo.InvariantCulture) + " h",
    };

    /// <summary>An amount of memory: whole megabytes (at least 1) below a gigabyte, tenths of a gigabyte above.</summary>
    public static string Bytes(long bytes) => bytes < 1L << 30
        ? Math.Max(1, bytes >> 20).ToString("N0", CultureInfo.InvariantCulture) + " MB"
        : (bytes / (double)(1L << 30)).ToString("0.#", CultureInfo.InvariantCulture) + " GB";

    /// <summary>A share of Monte Carlo draws, to a tenth of a percent: "25.0%".</summary>
    public static string Share(double share) => (100 * share).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>A share of draws with its 95% interval: "25.0% [23.1–27.0]".</summary>
    public static string Proportion(Results.ProportionDto p) =>
        $"{Share(p.Estimate)} [{(100 * p.Low).ToString("0.0", CultureInfo.InvariantCulture)}–{(100 * p.High).ToString("0.0", CultureInfo.InvariantCulture)}]";

    /// <summary>An estimate with its plausible range: "0.500 [0.200, 0.800]".</summary>
    public static string Estimate(double value, double low, double high) => $"{Num(value)} [{Num(low)}, {Num(high)}]";

    public static string Seconds(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) + " s";

    public static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string Plural(long count, string singular, string? plural = null) =>
        $"{Count((double)count)} {(count == 1 ? singular : plural ?? singular + "s")}";
}
