using Parley.Cli.Infrastructure;
using Parley.Cli.Output;
using Parley.Core.Format;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Parley.Cli.Commands;

/// <summary><c>parley scenarios</c>: the built-in scenarios.</summary>
public sealed class ScenariosCommand(CliContext context) : Command<FormatSettings>
{
    public override int Execute(CommandContext commandContext, FormatSettings settings, CancellationToken cancellationToken)
    {
        var rows = BuiltInScenarios.Ids.Select(id =>
        {
            var scenario = BuiltInScenarios.Load(id).Scenario;
            return new
            {
                Id = id,
                Title = scenario?.Title ?? "(invalid: run parley validate " + id + ")",
                Parties = scenario?.Parties.Count ?? 0,
                Issues = scenario?.Issues.Count ?? 0,
                Proposals = scenario?.Proposals.Count ?? 0,
                Packages = scenario?.PackageCount ?? 0,
            };
        }).ToList();

        switch (settings.Format)
        {
            case OutputFormat.Json:
                Json.Write(context.Out, rows);
                break;
            case OutputFormat.Markdown:
                var md = new MarkdownTable("id", "title", "parties", "issues", "proposals", "packages");
                foreach (var r in rows) md.Add(r.Id, r.Title, r.Parties, r.Issues, r.Proposals, Fmt.Count(r.Packages));
                context.Out.Profile.Out.Writer.Write(md.ToString());
                break;
            default:
                var table = new Table().AddColumns("id", "title", "parties", "issues", "proposals", "packages");
                foreach (var r in rows)
                    table.AddRow(Markup.Escape(r.Id), Markup.Escape(r.Title), r.Parties.ToString(), r.Issues.ToString(), r.Proposals.ToString(), Fmt.Count(r.Packages));
                context.Out.Write(table);
                break;
        }
        return ExitCodes.Ok;
    }
}
