using System.Globalization;
using Parley.Forecast.Model;

namespace Parley.Forecast.Import;

/// <summary>
/// Reads KTAB SMP scenario CSV files:
/// line 1 "name, description, actor count, dimension count, …";
/// line 2 header "Actor, Description, Power|Influence, &lt;dim&gt; Position, &lt;dim&gt; Salience, …";
/// then one row per actor. Positions and saliences are on 0–100; saliences become 0–1.
/// Trailing commas, missing final commas and CR/LF/CRLF line ends are all accepted.
/// </summary>
public static class KtabCsvReader
{
    public static SpatialModel ReadFile(string path) => Read(Parley.Core.Format.InputFile.ReadText(path), Path.GetFileName(path));

    public static SpatialModel Read(string text, string source = "ktab.csv")
    {
        var rows = CsvText.Rows(text);
        if (rows.Count < 2)
            throw new ForecastInputException("a KTAB CSV needs a scenario line, a header line and actor rows", source, rows.Count == 0 ? 1 : rows[0].Line);

        var (scenarioLine, scenario) = rows[0];
        scenario = CsvText.TrimTrailingEmpty(scenario);
        if (scenario.Length < 4)
            throw new ForecastInputException("scenario line must be 'name, description, actor count, dimension count'", source, scenarioLine);
        var actorCount = Count(scenario[2], "actor count", source, scenarioLine, 3);
        var dimCount = Count(scenario[3], "dimension count", source, scenarioLine, 4);
        if (dimCount < 1) throw new ForecastInputException("dimension count must be at least 1", source, scenarioLine, 4);
        if (dimCount > ImportLimits.MaxDimensions)
            throw new ForecastInputException($"dimension count {dimCount} is over the supported {ImportLimits.MaxDimensions}", source, scenarioLine, 4);
        if (rows.Count - 2 > ImportLimits.MaxActors)
            throw new ForecastInputException($"the file has {rows.Count - 2} actor rows; at most {ImportLimits.MaxActors} actors are supported", source, rows[2 + ImportLimits.MaxActors].Line);

        var (headerLine, header) = rows[1];
        header = CsvText.TrimTrailingEmpty(header);
        var expected = 3 + 2 * dimCount;
        if (header.Length < expected)
            throw new ForecastInputException($"header has {header.Length} columns but {dimCount} dimension(s) need {expected} (actor, description, capability, then position and salience per dimension)", source, headerLine);

        var dimensions = new List<Dimension>();
        for (var d = 0; d < dimCount; d++)
        {
            var title = header[3 + 2 * d];
            var name = title.EndsWith(" Position", StringComparison.OrdinalIgnoreCase) ? title[..^" Position".Length].Trim() : title;
            if (name.Length == 0) name = $"Dim{d}";
            dimensions.Add(new Dimension(UniqueId(name, dimensions), name, 0, 100, "0", "100"));
        }

        var actors = new List<SpatialActor>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var r = 2; r < rows.Count; r++)
        {
            var (line, cells) = rows[r];
            cells = CsvText.TrimTrailingEmpty(cells);
            if (cells.Length < expected)
                throw new ForecastInputException($"actor row has {cells.Length} values but needs {expected}", source, line);
            var name = cells[0];
            if (name.Length == 0) throw new ForecastInputException("actor name is empty", source, line, 1);
            if (!names.Add(name)) throw new ForecastInputException($"actor '{name}' appears twice", source, line, 1);
            var capability = CsvText.Number(cells[2], "capability", source, line, 3);
            if (ImportLimits.CapabilityProblem(capability) is { } capabilityProblem) throw new ForecastInputException(capabilityProblem, source, line, 3);
            var stances = new List<Stance>();
            var salienceTotal = 0.0;
            for (var d = 0; d < dimCount; d++)
            {
                var pc = 4 + 2 * d;
                var position = CsvText.Number(cells[pc - 1], $"position on '{dimensions[d].Name}'", source, line, pc);
                var salience = CsvText.Number(cells[pc], $"salience on '{dimensions[d].Name}'", source, line, pc + 1);
                if (position is < 0 or > 100) throw new ForecastInputException($"position {position} on '{dimensions[d].Name}' is outside 0..100", source, line, pc);
                if (salience is < 0 or > 100) throw new ForecastInputException($"salience {salience} on '{dimensions[d].Name}' is outside 0..100", source, line, pc + 1);
                salienceTotal += salience;
                stances.Add(new Stance(position, salience / 100));
            }
            if (salienceTotal > 100 + 1e-6)
                throw new ForecastInputException($"saliences of '{name}' sum to {salienceTotal.ToString(CultureInfo.InvariantCulture)}; KTAB requires at most 100", source, line);
            if (salienceTotal <= 0)
                throw new ForecastInputException($"'{name}' has zero salience on every dimension", source, line);
            actors.Add(new SpatialActor(name, capability, stances, cells[1]));
        }
        if (actors.Count != actorCount)
            throw new ForecastInputException($"scenario line declares {actorCount} actors but the file has {actors.Count} actor rows", source, scenarioLine, 3);

        return SpatialModel.Create(scenario[0], dimensions, actors, scenario[1], source: source);
    }

    private static int Count(string cell, string what, string source, int line, int column)
    {
        if (!int.TryParse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < 0)
            throw new ForecastInputException($"{what} must be a non-negative whole number, got '{cell}'", source, line, column);
        return v;
    }

    internal static string UniqueId(string name, IReadOnlyCollection<Dimension> existing)
    {
        var id = name;
        var suffix = 2;
        while (existing.Any(d => d.Id == id)) id = $"{name}-{suffix++}";
        return id;
    }
}
