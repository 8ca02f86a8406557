using Parley.Bargaining.Genius;
using Parley.Core.Diagnostics;
using Parley.Core.Model;
using Parley.Storage;

namespace Parley.Web.Services.Imports;

/// <summary>
/// Imports a Genius / ANAC domain with its utility profiles through <see cref="GeniusImporter"/>, or a
/// GeniusWeb JSON domain and profiles through <see cref="GeniusWebImporter"/> (the same
/// reader as <c>parley import genius</c>), which reads files: the uploads are written to a private temporary
/// folder under their own names, and every location and text that mentions that folder is given back with
/// the bare file name. The domain is the file whose name contains "domain", else the one without weights.
/// </summary>
public static class GeniusConverter
{
    public static (string? Yaml, IReadOnlyList<Diagnostic> Diagnostics) Convert(IReadOnlyList<ImportedFile> files)
    {
        if (files.Count < 2)
            return (null, [new Diagnostic(Severity.Error, DiagnosticCodes.MissingKey, "a Genius import needs the domain file and at least one utility profile; select them together", "", null)]);
        if (files.Select(f => Path.GetFileName(f.Name)).Distinct(StringComparer.OrdinalIgnoreCase).Count() != files.Count)
            return (null, [new Diagnostic(Severity.Error, DiagnosticCodes.DuplicateId, "two uploaded files have the same name", "", null)]);
        // GeniusWeb profiles are JSON objects holding a "LinearAdditiveUtilitySpace"; its domain file holds only "issuesValues".
        var json = files.All(f => f.Text.TrimStart().StartsWith('{'));
        var domain = files.FirstOrDefault(f => f.Name.Contains("domain", StringComparison.OrdinalIgnoreCase))
            ?? files.FirstOrDefault(f => json
                ? !f.Text.Contains("UtilitySpace", StringComparison.Ordinal)
                : !f.Text.Contains("<weight", StringComparison.OrdinalIgnoreCase))
            ?? files[0];
        var folder = Directory.CreateTempSubdirectory("parley-genius-");
        try
        {
            string Write(ImportedFile f)
            {
                var path = Path.Combine(folder.FullName, Path.GetFileName(f.Name));
                File.WriteAllText(path, f.Text);
                return path;
            }
            var domainPath = Write(domain);
            var profilePaths = files.Where(f => f != domain).Select(Write).ToList();
            var prefix = folder.FullName + Path.DirectorySeparatorChar;
            string Clean(string? text) => (text ?? "").Replace(prefix, "", StringComparison.Ordinal);
            var result = json ? GeniusWebImporter.Import(domainPath, profilePaths) : GeniusImporter.Import(domainPath, profilePaths);
            var diagnostics = result.Diagnostics.Select(d => d with
            {
                Message = Clean(d.Message),
                Location = d.Location is { } l ? l with { File = Path.GetFileName(l.File) } : null,
            }).ToList();
            if (!result.Succeeded) return (null, diagnostics);
            var scenario = result.Scenario!;
            scenario = scenario with
            {
                Description = Clean(scenario.Description),
                Parties = scenario.Parties.Select(p => p with { Description = Clean(p.Description) }).ToList(),
            };
            return (ScenarioYamlWriter.Write(scenario), diagnostics.Where(d => d.Severity == Severity.Warning).ToList());
        }
        finally
        {
            try { folder.Delete(recursive: true); } catch (IOException) { }
        }
    }
}
