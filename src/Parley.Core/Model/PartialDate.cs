using System.Globalization;

namespace Parley.Core.Model;

/// <summary>
/// A date known to the year, month or day. Sources often say only "in March" or "last summer"; keeping the
/// precision avoids inventing days. Ordering treats a partial date as its first day.
/// </summary>
public readonly record struct PartialDate(int Year, int? Month = null, int? Day = null) : IComparable<PartialDate>
{
    public DateOnly FirstDay => new(Year, Month ?? 1, Day ?? 1);

    public int CompareTo(PartialDate other) => FirstDay.CompareTo(other.FirstDay);

    public static bool operator <(PartialDate a, PartialDate b) => a.CompareTo(b) < 0;
    public static bool operator >(PartialDate a, PartialDate b) => a.CompareTo(b) > 0;
    public static bool operator <=(PartialDate a, PartialDate b) => a.CompareTo(b) <= 0;
    public static bool operator >=(PartialDate a, PartialDate b) => a.CompareTo(b) >= 0;

    public override string ToString() => (Month, Day) switch
    {
        (null, _) => Year.ToString("D4", CultureInfo.InvariantCulture),
        (int m, null) => $"{Year:D4}-{m:D2}",
        (int m, int d) => $"{Year:D4}-{m:D2}-{d:D2}",
    };

    /// <summary>Parses <c>YYYY</c>, <c>YYYY-MM</c> or <c>YYYY-MM-DD</c>; null with a reason when it is not one.</summary>
    public static PartialDate? TryParse(string text, out string? error)
    {
        error = null;
        var parts = text.Trim().Split('-');
        if (parts.Length is < 1 or > 3 || parts[0].Length != 4 || parts.Skip(1).Any(p => p.Length != 2))
        {
            error = $"'{text}' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD";
            return null;
        }
        var numbers = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                error = $"'{text}' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD";
                return null;
            }
        }
        int? month = numbers.Length > 1 ? numbers[1] : null;
        int? day = numbers.Length > 2 ? numbers[2] : null;
        if (numbers[0] < 1 || month is < 1 or > 12)
        {
            error = $"'{text}' has no such month";
            return null;
        }
        if (day is not null && (day < 1 || day > DateTime.DaysInMonth(numbers[0], month!.Value)))
        {
            error = $"'{text}' has no such day";
            return null;
        }
        return new PartialDate(numbers[0], month, day);
    }
}
