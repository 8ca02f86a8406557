using Parley.Forecast.Model;

namespace Parley.Forecast.Import;

/// <summary>
/// Reads the classic single-issue BDM input tables: a header naming the actor column plus
/// Capability (or Resources/Power/Influence), Position and Salience, then one row per actor.
/// Saliences on 0–1 are used as given; if any exceeds 1 the column is read as 0–100.
/// The issue scale runs from the lowest to the highest position, as in Scholz et al.
/// </summary>
public static class BdmCsvReader
{
    private static readonly string[] CapabilityNames = ["capability", "resources", "power", "influence", "clout"];

    public static SpatialModel ReadFile(string path) => Read(Parley.Core.Format.InputFile.ReadText(path), Path.GetFileName(path));

    public static SpatialModel Read(string text, string source = "bdm.csv", string issueName = "issue")
    {
        var rows = CsvText.Rows(text);
        if (rows.Count < 2)
            throw new ForecastInputException("a BDM CSV needs a header line and at least one actor row", source, 1);
        var (headerLine, header) = rows[0];
        header = CsvText.TrimTrailingEmpty(header);
        int Column(params string[] names)
        {
            for (var c = 0; c < header.Length; c++)
                if (names.Contains(header[c].ToLowerInvariant())) return c;
            throw new ForecastInputException($"header has no '{names[0]}' column (found: {string.Join(", ", header)})", source, headerLine);
        }
        var capCol = Column(CapabilityNames);
        var posCol = Column("position");
        var salCol = Column("salience");
        var nameCol = Enumerable.Range(0, header.Length).FirstOrDefault(c => c != capCol && c != posCol && c != salCol, -1);
        if (nameCol < 0)
            throw new ForecastInputException($"header has no column for the actor names besides '{header[capCol]}', position and salience", source, headerLine);
        if (rows.Count - 1 > ImportLimits.MaxActors)
            throw new ForecastInputException($"the file has {rows.Count - 1} actor rows; at most {ImportLimits.MaxActors} actors are supported", source, rows[1 + ImportLimits.MaxActors].Line);
        var needed = new[] { nameCol, capCol, posCol, salCol }.Max() + 1;

        var raw = new List<(int Line, string Name, double Cap, double Pos, double Sal)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (line, allCells) in rows.Skip(1))
        {
            var cells = CsvText.TrimTrailingEmpty(allCells);
            if (cells.Length < needed)
                throw new ForecastInputException($"row has {cells.Length} values but needs {needed}", source, line);
            var name = cells[nameCol];
            if (name.Length == 0) throw new ForecastInputException("actor name is empty", source, line, nameCol + 1);
            if (!names.Add(name)) throw new ForecastInputException($"actor '{name}' appears twice", source, line, nameCol + 1);
            var cap = CsvText.Number(cells[capCol], "capability", source, line, capCol + 1);
            if (ImportLimits.CapabilityProblem(cap) is { } capabilityProblem) throw new ForecastInputException(capabilityProblem, source, line, capCol + 1);
            var pos = CsvText.Number(cells[posCol], "position", source, line, posCol + 1);
            if (ImportLimits.PositionProblem(pos, "position") is { } positionProblem) throw new ForecastInputException(positionProblem, source, line, posCol + 1);
            var sal = CsvText.Number(cells[salCol], "salience", source, line, salCol + 1);
            if (sal is < 0 or > 100) throw new ForecastInputException($"salience {sal} is outside 0..1 (or 0..100)", source, line, salCol + 1);
            raw.Add((line, name, cap, pos, sal));
        }

        var salienceScale = raw.Any(r => r.Sal > 1) ? 100.0 : 1.0;
        var min = raw.Min(r => r.Pos);
        var max = raw.Max(r => r.Pos);
        if (!double.IsFinite(max - min))
        {
            var extreme = raw.First(r => Math.Abs(r.Pos) == Math.Max(Math.Abs(min), Math.Abs(max)));
            throw new ForecastInputException($"positions range from {min} to {max}, too wide a scale to compute with", source, extreme.Line, posCol + 1);
        }
        if (min == max) { min -= 1; max += 1; }
        var dimension = new Dimension(issueName, issueName, min, max, min.ToString(System.Globalization.CultureInfo.InvariantCulture), max.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var actors = raw.Select(r => new SpatialActor(r.Name, r.Cap, [new Stance(r.Pos, r.Sal / salienceScale)])).ToArray();
        return SpatialModel.Create(Path.GetFileNameWithoutExtension(source), [dimension], actors, source: source);
    }
}
