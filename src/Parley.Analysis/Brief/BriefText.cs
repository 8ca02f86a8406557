using System.Text;

namespace Parley.Analysis.Brief;

/// <summary>The brief's text exporters (Markdown here; the console renders with the same marks and wording).</summary>
public static class BriefText
{
    /// <summary>The mark of an evidence kind: ¶ cited passage, ≈ estimate, ! assumption, = computed.</summary>
    public static string Mark(BriefEvidence evidence) => evidence.Kind switch
    {
        "citation" => "¶",
        "estimate" => "≈",
        "assumption" => "!",
        _ => "=",
    };

    public static string EvidenceText(BriefEvidence evidence) =>
        evidence.Source is { } source ? $"{source} — {evidence.Text}" : evidence.Text;

    public static string Markdown(BriefResult brief)
    {
        var b = new StringBuilder();
        b.Append("# Brief: ").AppendLine(brief.Title).AppendLine();
        b.Append("**").Append(brief.BottomLine.Text).AppendLine("**").AppendLine();
        Evidence(b, brief.BottomLine);
        foreach (var section in brief.Sections)
        {
            b.AppendLine().Append("## ").AppendLine(section.Heading).AppendLine();
            foreach (var point in section.Points)
            {
                b.Append("- ").AppendLine(point.Text);
                Evidence(b, point, "  ");
            }
        }
        b.AppendLine().AppendLine("Evidence: ¶ a cited passage, ≈ an estimate with its range, ! an assumption no passage supports, = computed by Parley.");
        return b.ToString();
    }

    private static void Evidence(StringBuilder b, BriefPoint point, string indent = "")
    {
        foreach (var e in point.Evidence) b.Append(indent).Append("  - ").Append(Mark(e)).Append(' ').AppendLine(EvidenceText(e).Replace("\n", " "));
    }
}
