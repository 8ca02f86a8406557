using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Parley.Forecast.Model;
using Parley.Forecast.Smp;

namespace Parley.Forecast.Import;

/// <summary>
/// Reads KTAB SMP scenario XML (smpSchema.xsd): name, desc, prngSeed, optional ModelParameters,
/// optional Dimensions, Actors (capability, Position/dCoord, Salience/dSal on 0–100), and an
/// optional IdealAdjustment list. Enum spellings of both KTAB's code ("Prop", "None") and its
/// schema ("Proportional", "No") are accepted. The IdealAdjustment matrix starts as the identity
/// (ideals track positions) and every listed pair overwrites its cell, as KTAB's reader does
/// (<c>SMPModel::xmlRead</c>: <c>accM = iMat(numAct)</c>, then <c>accM(ai, rp) = adjust</c>): an actor
/// that is not listed keeps its ideal equal to its position.
/// </summary>
public static class KtabXmlReader
{
    public static SpatialModel ReadFile(string path)
    {
        string text;
        try { text = Parley.Core.Format.InputFile.ReadText(path); }
        catch (IOException e) { throw new ForecastInputException($"cannot read file: {e.Message}", path); }
        return Read(text, Path.GetFileName(path));
    }

    public static SpatialModel Read(string text, string source = "ktab.xml")
    {
        XDocument doc;
        // No DTDs: an external entity would otherwise be read as an empty string without a word.
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        using (var reader = XmlReader.Create(new StringReader(text.TrimStart('\uFEFF')), settings))
        {
            try
            {
                doc = XDocument.Load(reader, LoadOptions.SetLineInfo);
            }
            catch (XmlException e)
            {
                // The prohibited-DTD exception carries no position; the reader still knows where it stopped.
                var (line, column) = e.LineNumber > 0 ? (e.LineNumber, e.LinePosition)
                    : reader is IXmlLineInfo { LineNumber: > 0 } info ? (info.LineNumber, info.LinePosition)
                    : Where(text.TrimStart('\uFEFF'), "<!DOCTYPE");
                throw new ForecastInputException($"not well-formed XML: {e.Message}", source, line, column);
            }
        }
        var root = doc.Root!;
        if (root.Name.LocalName != "Scenario")
            throw Error(root, $"root element must be <Scenario>, found <{root.Name.LocalName}>", source);

        var name = Child(root, "name", source, required: false)?.Value.Trim() ?? Path.GetFileNameWithoutExtension(source);
        var desc = Child(root, "desc", source, required: false)?.Value.Trim() ?? "";
        ulong? seed = null;
        if (Child(root, "prngSeed", source, required: false) is { } seedElement && seedElement.Value.Trim().Length > 0)
        {
            if (!ulong.TryParse(seedElement.Value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s))
                throw Error(seedElement, $"prngSeed must be an unsigned 64-bit integer, got '{seedElement.Value.Trim()}'", source);
            seed = s;
        }

        var options = Child(root, "ModelParameters", source, required: false) is { } mp ? ReadParameters(mp, source) : null;

        var actorsElement = Child(root, "Actors", source, required: true)!;
        var actorElements = actorsElement.Elements().Where(e => e.Name.LocalName == "Actor").ToList();
        if (actorElements.Count == 0) throw Error(actorsElement, "<Actors> has no <Actor>", source);
        if (actorElements.Count > ImportLimits.MaxActors)
            throw Error(actorElements[ImportLimits.MaxActors], $"<Actors> has {actorElements.Count} <Actor> elements; at most {ImportLimits.MaxActors} are supported", source);

        var dimNames = Child(root, "Dimensions", source, required: false)?.Elements().Where(e => e.Name.LocalName == "dName")
            .Select(e => e.Value.Trim()).ToList();
        var dimCount = dimNames?.Count ?? Elements(actorElements[0], "Position", "dCoord", source).Count;
        if (dimCount == 0) throw Error(actorElements[0], "no dimensions: neither <Dimensions> nor any <dCoord>", source);
        if (dimCount > ImportLimits.MaxDimensions)
            throw Error(actorElements[0], $"{dimCount} dimensions; at most {ImportLimits.MaxDimensions} are supported", source);

        var dimensions = new List<Dimension>();
        for (var d = 0; d < dimCount; d++)
        {
            var dn = dimNames is not null && dimNames[d].Length > 0 ? dimNames[d] : $"Dim{d}";
            dimensions.Add(new Dimension(KtabCsvReader.UniqueId(dn, dimensions), dn, 0, 100, "0", "100"));
        }

        var actors = new List<SpatialActor>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in actorElements)
        {
            var an = Child(a, "name", source, required: true)!.Value.Trim();
            if (an.Length == 0) throw Error(a, "actor <name> is empty", source);
            if (!names.Add(an)) throw Error(a, $"actor '{an}' appears twice", source);
            var capElement = Child(a, "capability", source, required: true)!;
            var cap = Number(capElement, "capability", source);
            if (ImportLimits.CapabilityProblem(cap) is { } capabilityProblem) throw Error(capElement, $"'{an}': {capabilityProblem}", source);
            var coords = Elements(a, "Position", "dCoord", source);
            var sals = Elements(a, "Salience", "dSal", source);
            if (coords.Count != dimCount) throw Error(a, $"actor '{an}' has {coords.Count} <dCoord> values but there are {dimCount} dimensions", source);
            if (sals.Count != dimCount) throw Error(a, $"actor '{an}' has {sals.Count} <dSal> values but there are {dimCount} dimensions", source);
            var stances = new List<Stance>();
            var total = 0.0;
            for (var d = 0; d < dimCount; d++)
            {
                var p = Number(coords[d], $"position of '{an}' on '{dimensions[d].Name}'", source);
                var s = Number(sals[d], $"salience of '{an}' on '{dimensions[d].Name}'", source);
                if (p is < 0 or > 100) throw Error(coords[d], $"position {p} is outside 0..100", source);
                if (s is < 0 or > 100) throw Error(sals[d], $"salience {s} is outside 0..100", source);
                total += s;
                stances.Add(new Stance(p, s / 100));
            }
            if (total > 100 + 1e-6) throw Error(a, $"saliences of '{an}' sum to {total.ToString(CultureInfo.InvariantCulture)}; KTAB requires at most 100", source);
            if (total <= 0) throw Error(a, $"'{an}' has zero salience on every dimension", source);
            var description = Child(a, "description", source, required: false)?.Value.Trim() ?? "";
            actors.Add(new SpatialActor(an, cap, stances, description));
        }

        double[,]? adjust = null;
        if (Child(root, "IdealAdjustment", source, required: false) is { } ia)
        {
            // KTAB: identity first, then each listed pair overwrites its cell.
            adjust = new double[actors.Count, actors.Count];
            for (var i = 0; i < actors.Count; i++) adjust[i, i] = 1;
            foreach (var pair in ia.Elements().Where(e => e.Name.LocalName == "iaPair"))
            {
                var i = ActorIndex(pair, "adjustingIdeal", actors, source);
                var j = ActorIndex(pair, "referencePos", actors, source);
                var adjElement = Child(pair, "adjust", source, required: true)!;
                var v = Number(adjElement, "adjust", source);
                if (v is < 0 or > 1) throw Error(adjElement, $"adjust must be within 0..1, got {v}", source);
                adjust[i, j] = v;
            }
            for (var i = 0; i < actors.Count; i++)
            {
                var row = 0.0;
                for (var j = 0; j < actors.Count; j++) row += adjust[i, j];
                if (row > 1 + 1e-9)
                    throw Error(ia, $"ideal adjustments of '{actors[i].Name}' sum to {row.ToString(CultureInfo.InvariantCulture)}; at most 1 allowed " +
                        $"(an actor's own pair defaults to 1 when not listed, as in KTAB, so list <adjustingIdeal>{actors[i].Name}</adjustingIdeal><referencePos>{actors[i].Name}</referencePos> too)", source);
            }
        }

        return SpatialModel.Create(name, dimensions, actors, desc, options, adjust, seed, source);
    }

    /// <summary>1-based line and column of the first occurrence of <paramref name="what"/>, else 1:1.</summary>
    private static (int Line, int Column) Where(string text, string what)
    {
        var at = text.IndexOf(what, StringComparison.Ordinal);
        if (at < 0) return (1, 1);
        var line = 1 + text.AsSpan(0, at).Count('\n');
        var lineStart = text.LastIndexOf('\n', Math.Max(0, at - 1)) + 1;
        return (line, at - lineStart + 1);
    }

    private static SmpOptions ReadParameters(XElement mp, string source)
    {
        var o = new SmpOptions();
        foreach (var e in mp.Elements())
        {
            var v = e.Value.Trim();
            o = e.Name.LocalName switch
            {
                "VictoryProbModel" => o with { VictoryProbModel = Parse<VictoryProbModel>(e, v, source) },
                "PCEModel" => o with { PceModel = Parse<PceModel>(e, v, source) },
                "StateTransitions" => o with { StateTransitions = Parse<StateTransitions>(e, v, source) },
                "VotingRule" => o with { VotingRule = Parse<VotingRule>(e, v, source) },
                "BigRAdjust" => o with { BigRAdjust = Parse<BigRAdjust>(e, v, source) },
                "BigRRange" => o with { BigRRange = Parse<BigRRange>(e, v, source) },
                "ThirdPartyCommit" => o with { ThirdPartyCommit = Parse<ThirdPartyCommit>(e, v, source) },
                "InterVecBrgn" => o with { InterVecBargain = Parse<InterVecBargain>(e, v, source) },
                "BargnModel" => o with { BargainModel = Parse<BargainModel>(e, v, source) },
                _ => throw Error(e, $"unknown model parameter <{e.Name.LocalName}>", source),
            };
        }
        return o;
    }

    private static T Parse<T>(XElement e, string value, string source) where T : struct, Enum
    {
        if (SmpOptions.TryParse<T>(value, out var parsed)) return parsed;
        throw Error(e, $"<{e.Name.LocalName}> '{value}' is not one of: {string.Join(", ", Enum.GetNames<T>())}", source);
    }

    private static int ActorIndex(XElement pair, string child, List<SpatialActor> actors, string source)
    {
        var element = Child(pair, child, source, required: true)!;
        var name = element.Value.Trim();
        var index = actors.FindIndex(a => a.Name == name);
        if (index < 0) throw Error(element, $"<{child}> names unknown actor '{name}'", source);
        return index;
    }

    private static XElement? Child(XElement parent, string name, string source, bool required)
    {
        var e = parent.Elements().FirstOrDefault(x => x.Name.LocalName == name);
        if (e is null && required) throw Error(parent, $"<{parent.Name.LocalName}> lacks required <{name}>", source);
        return e;
    }

    private static List<XElement> Elements(XElement actor, string container, string item, string source) =>
        Child(actor, container, source, required: true)!.Elements().Where(e => e.Name.LocalName == item).ToList();

    private static double Number(XElement e, string what, string source)
    {
        var text = e.Value.Trim();
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            throw Error(e, $"{what} must be a number, got '{text}'", source);
        return v;
    }

    private static ForecastInputException Error(XElement e, string message, string source)
    {
        var info = (IXmlLineInfo)e;
        var path = string.Join('/', e.AncestorsAndSelf().Reverse().Select(x =>
        {
            var siblings = x.Parent?.Elements(x.Name).ToList();
            return siblings is { Count: > 1 } ? $"{x.Name.LocalName}[{siblings.IndexOf(x) + 1}]" : x.Name.LocalName;
        }));
        return new ForecastInputException(message, source, info.HasLineInfo() ? info.LineNumber : null,
            info.HasLineInfo() ? info.LinePosition : null, path);
    }
}
