namespace Parley.Web.Services.Imports;

/// <summary>
/// One uploaded file: its name as the user's machine called it, and its text. <see cref="ByteOrderMark"/>
/// says the bytes began with a UTF-8 byte order mark, which <see cref="Text"/> leaves out (the parsers do not
/// expect it) and a kept scenario text puts back, so export gives the uploaded bytes.
/// </summary>
public sealed record ImportedFile(string Name, string Text, bool ByteOrderMark = false);

/// <summary>The file formats the library imports; everything but YAML/JSON is converted into a scenario first.</summary>
public enum ImportFormat { Scenario, Gmcr, Genius, KtabCsv, KtabXml }

public static class ImportFormats
{
    public static readonly IReadOnlyList<string> Names = ["yaml", "gmcr", "genius", "ktab"];

    /// <summary>
    /// The format named by <paramref name="requested"/> (yaml, json, gmcr, genius, ktab), or guessed from the
    /// file names: .gmcr is gmcr-py; several .xml files are a Genius domain with its profiles; one .xml or any
    /// .csv is a KTAB scenario; everything else is a Parley scenario.
    /// </summary>
    public static ImportFormat Detect(IReadOnlyList<ImportedFile> files, string? requested)
    {
        static string Ext(ImportedFile f) => Path.GetExtension(f.Name).ToLowerInvariant();
        switch (requested?.Trim().ToLowerInvariant())
        {
            case null or "": break;
            case "yaml" or "yml" or "json" or "scenario": return ImportFormat.Scenario;
            case "gmcr" or "gmcr-py": return ImportFormat.Gmcr;
            case "genius": return ImportFormat.Genius;
            case "ktab": return files.Count > 0 && Ext(files[0]) == ".xml" ? ImportFormat.KtabXml : ImportFormat.KtabCsv;
            default:
                throw new RequestException($"unknown import format '{requested}'{Parley.Core.Format.DidYouMean.Hint(requested, Names)}; use one of {string.Join(", ", Names)}", "format");
        }
        if (files.Count > 1)
        {
            if (files.All(f => Ext(f) == ".xml") || files.All(f => Ext(f) == ".json")) return ImportFormat.Genius;
            throw new RequestException("several files are only imported together as a Genius domain with its profiles (.xml files, or GeniusWeb .json files); upload other scenarios one at a time", "file");
        }
        return Ext(files[0]) switch
        {
            ".gmcr" => ImportFormat.Gmcr,
            ".csv" => ImportFormat.KtabCsv,
            ".xml" => ImportFormat.KtabXml,
            _ => ImportFormat.Scenario,
        };
    }
}
