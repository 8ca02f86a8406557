using System.Globalization;
using System.Net;
using System.Text;
using Parley.Core.Evaluation;
using Parley.Web.Services;

namespace Parley.Web.Charts;

/// <summary>What to draw besides the sampled packages.</summary>
public sealed record UtilitySpaceOverlay(
    IReadOnlyDictionary<string, string>? Current = null,
    IReadOnlyList<IReadOnlyDictionary<string, string>>? Best = null,
    bool Proposals = true,
    IReadOnlyList<IReadOnlyDictionary<string, string>>? Frontier = null,
    IReadOnlyList<(string Label, IReadOnlyDictionary<string, string> Terms)>? Solutions = null,
    IReadOnlyDictionary<string, string>? Bridge = null)
{
    /// <summary>The frontier, solutions and best packages a stored run found.</summary>
    public static UtilitySpaceOverlay FromRun(BargainingResult? result) => result is null ? new() : new(
        Best: result.Best.Packages.Select(b => b.Terms).ToList(),
        Frontier: result.Frontier?.Zone.Select(f => f.Example).ToList(),
        Solutions: result.Solutions.Where(s => s.Points.Count > 0 && s.Points[0].Examples.Count > 0)
            .Select(s => (s.Name, s.Points[0].Examples[0])).ToList());
}

/// <summary>
/// The utility space of two parties as inline SVG: sampled complete packages (green when every required
/// party accepts, red when one hits a red line), both reservation lines, the recorded proposals (a box
/// when a proposal leaves issues open: its utility range), the best packages of an analysis and the
/// package on the desk. Every mark has a title, which the browser shows on hover.
/// </summary>
public static class UtilitySpaceChart
{
    private const double Width = 560, Height = 440, Left = 56, Right = 16, Top = 16, Bottom = 48;
    private const double PlotWidth = Width - Left - Right, PlotHeight = Height - Top - Bottom;

    public static string Render(LoadedVersion loaded, string xPartyId, string yPartyId, int samples, long seed, UtilitySpaceOverlay overlay)
    {
        var model = loaded.Model ?? throw new RequestException($"scenario '{loaded.Scenario.Id}' has no preferences to chart");
        var scenario = loaded.Scenario;
        var x = Party(model, xPartyId, "x");
        var y = Party(model, yPartyId, "y");
        if (samples is < 1 or > 20000) throw new RequestException("samples must be between 1 and 20000", "samples");

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"utility-space\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"Utility of {Esc(x.Party.Name)} against {Esc(y.Party.Name)}\">");
        svg.Append("<style>.pk{stroke:none}.ok{fill:#2e8b57;opacity:.55}.no{fill:#9aa0a6;opacity:.35}.rl{fill:#c0392b;opacity:.45}.axis{stroke:#444}.grid{stroke:#e3e3e3}.res{stroke:#b35c00;stroke-dasharray:5 4}.lbl{font:12px sans-serif;fill:#333}.prop{fill:#6a3d9a;stroke:#fff}.pbox{fill:none;stroke:#6a3d9a;stroke-opacity:.45;stroke-dasharray:3 2}.best{fill:none;stroke:#e6a100;stroke-width:2.5}.cur{fill:#1f6feb;stroke:#fff;stroke-width:2}.front{fill:#111;opacity:.75}.sol{fill:#e6a100;stroke:#7a5200;stroke-width:1.5}.bridge{fill:#00a3a3;stroke:#fff;stroke-width:2}.cbox{fill:#1f6feb;fill-opacity:.1;stroke:#1f6feb;stroke-width:2}</style>");
        Axes(svg, x.Party.Name, y.Party.Name);

        var required = model.Required.Select(i => model.Parties[i]).ToArray();
        foreach (var choices in Sample(model.OptionCounts, samples, seed))
        {
            var ux = x.Utility(choices);
            var uy = y.Utility(choices);
            var redLine = required.Any(p => p.HitsRedLine(choices));
            var accepted = !redLine && required.All(p => p.Utility(choices) >= p.Reservation - 1e-12);
            var cls = accepted ? "ok" : redLine ? "rl" : "no";
            var status = accepted ? "every required party accepts" : redLine ? "hits a red line" : "below a reservation value";
            svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"pk {cls}\" cx=\"{Px(ux):0.#}\" cy=\"{Py(uy):0.#}\" r=\"2.6\"><title>{Esc(new Package(choices).Describe(scenario))}\n{Esc(x.Party.Id)} {ux:0.###}, {Esc(y.Party.Id)} {uy:0.###}: {status}</title></circle>");
        }

        Line(svg, Px(x.Reservation), Top, Px(x.Reservation), Top + PlotHeight, "res", $"{x.Party.Name}'s reservation value {x.Reservation:0.###}");
        Line(svg, Left, Py(y.Reservation), Left + PlotWidth, Py(y.Reservation), "res", $"{y.Party.Name}'s reservation value {y.Reservation:0.###}");

        if (overlay.Proposals)
            foreach (var proposal in scenario.Proposals)
                Mark(svg, Package.FromTerms(scenario, proposal.Terms), x, y, scenario, "prop", "pbox", $"{proposal.Id}: {proposal.Name} ({proposal.Author}{(proposal.Date is { } d ? ", " + d : "")})", 5);
        if (overlay.Frontier is { } frontier)
            foreach (var terms in frontier)
                Mark(svg, Package.FromTerms(scenario, terms), x, y, scenario, "front", "front", "Pareto-optimal in the zone of agreement (for the required parties)", 3);
        if (overlay.Solutions is { } solutions)
            foreach (var (label, terms) in solutions)
                Mark(svg, Package.FromTerms(scenario, terms), x, y, scenario, "sol", "sol", $"{label} solution", 6);
        if (overlay.Bridge is { } bridge)
            Mark(svg, Package.FromTerms(scenario, bridge), x, y, scenario, "bridge", "bridge", "bridging package (fewest changes)", 6);
        if (overlay.Best is { } best)
            for (var i = 0; i < best.Count; i++)
                Mark(svg, Package.FromTerms(scenario, best[i]), x, y, scenario, "best", "best", $"best package #{i + 1} by Nash product", 7);
        if (overlay.Current is { } current)
            Mark(svg, Package.FromTerms(scenario, current), x, y, scenario, "cur", "cbox", "the package on the desk", 6.5);

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static PartyUtility Party(UtilityModel model, string id, string axis) =>
        model.Parties.FirstOrDefault(p => p.Party.Id == id)
        ?? throw new RequestException($"party '{id}' has no preferences; choose one of {string.Join(", ", model.Parties.Select(p => p.Party.Id))}", axis);

    /// <summary>Every complete package when there are at most <paramref name="samples"/>, else that many drawn uniformly with the seed.</summary>
    public static IEnumerable<int[]> Sample(int[] optionCounts, int samples, long seed)
    {
        var total = optionCounts.Aggregate(1.0, (n, c) => n * c);
        if (total <= samples)
        {
            var choices = new int[optionCounts.Length];
            for (var k = 0; k < (int)total; k++)
            {
                yield return (int[])choices.Clone();
                for (var d = choices.Length - 1; d >= 0 && ++choices[d] == optionCounts[d]; d--) choices[d] = 0;
            }
            yield break;
        }
        var random = new Random(unchecked((int)seed ^ (int)(seed >> 32)));
        for (var k = 0; k < samples; k++)
            yield return optionCounts.Select(c => random.Next(c)).ToArray();
    }

    private static void Mark(StringBuilder svg, Package package, PartyUtility x, PartyUtility y, Parley.Core.Model.Scenario scenario, string pointClass, string boxClass, string label, double size)
    {
        var (xMin, xMax) = x.UtilityBounds(package.Choices);
        var (yMin, yMax) = y.UtilityBounds(package.Choices);
        var title = $"{Esc(label)}\n{Esc(package.Describe(scenario))}\n{Esc(x.Party.Id)} {Range(xMin, xMax)}, {Esc(y.Party.Id)} {Range(yMin, yMax)}";
        if (package.IsComplete)
        {
            if (pointClass is "prop" or "sol")
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"{pointClass}\" x=\"{Px(xMin) - size / 2:0.#}\" y=\"{Py(yMin) - size / 2:0.#}\" width=\"{size:0.#}\" height=\"{size:0.#}\" transform=\"rotate(45 {Px(xMin):0.#} {Py(yMin):0.#})\"><title>{title}</title></rect>");
            else
                svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"{pointClass}\" cx=\"{Px(xMin):0.#}\" cy=\"{Py(yMin):0.#}\" r=\"{size:0.#}\"><title>{title}</title></circle>");
        }
        else
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"{boxClass}\" x=\"{Px(xMin):0.#}\" y=\"{Py(yMax):0.#}\" width=\"{Math.Max(2, Px(xMax) - Px(xMin)):0.#}\" height=\"{Math.Max(2, Py(yMin) - Py(yMax)):0.#}\"><title>{title}\n(open issues: the box spans every way of settling them)</title></rect>");
        }
    }

    private static string Range(double min, double max) =>
        Math.Abs(max - min) < 1e-12 ? min.ToString("0.###", CultureInfo.InvariantCulture) : $"{min.ToString("0.###", CultureInfo.InvariantCulture)}–{max.ToString("0.###", CultureInfo.InvariantCulture)}";

    private static void Axes(StringBuilder svg, string xName, string yName)
    {
        foreach (var t in new[] { 0, 0.25, 0.5, 0.75, 1 })
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{Px(t):0.#}\" y1=\"{Top}\" x2=\"{Px(t):0.#}\" y2=\"{Top + PlotHeight}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{Left}\" y1=\"{Py(t):0.#}\" x2=\"{Left + PlotWidth}\" y2=\"{Py(t):0.#}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"lbl\" x=\"{Px(t):0.#}\" y=\"{Top + PlotHeight + 16}\" text-anchor=\"middle\">{t}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"lbl\" x=\"{Left - 6}\" y=\"{Py(t) + 4:0.#}\" text-anchor=\"end\">{t}</text>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"axis\" fill=\"none\" x=\"{Left}\" y=\"{Top}\" width=\"{PlotWidth}\" height=\"{PlotHeight}\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"lbl\" x=\"{Left + PlotWidth / 2}\" y=\"{Height - 8}\" text-anchor=\"middle\">utility of {Esc(xName)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"lbl\" transform=\"rotate(-90)\" x=\"{-(Top + PlotHeight / 2)}\" y=\"14\" text-anchor=\"middle\">utility of {Esc(yName)}</text>");
    }

    private static void Line(StringBuilder svg, double x1, double y1, double x2, double y2, string cls, string title) =>
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"{cls}\" x1=\"{x1:0.#}\" y1=\"{y1:0.#}\" x2=\"{x2:0.#}\" y2=\"{y2:0.#}\"><title>{Esc(title)}</title></line>");

    private static double Px(double u) => Left + Math.Clamp(u, 0, 1) * PlotWidth;
    private static double Py(double u) => Top + (1 - Math.Clamp(u, 0, 1)) * PlotHeight;
    private static string Esc(string text) => WebUtility.HtmlEncode(text);
}
