using System.ComponentModel;
using System.Numerics;
using Parley.Bargaining;
using Parley.Cli.Infrastructure;
using Parley.Cli.Output;
using Parley.Core.Evaluation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Parley.Cli.Commands;

public sealed class ZoneSettings : ScenarioSettings
{
    [CommandOption("--page <N>")]
    [Description("Which page of the zone to list, from 1, in order of option indices (default 1)")]
    [DefaultValue(1L)]
    public long Page { get; init; } = 1;

    [CommandOption("--size <K>")]
    [Description("Packages per page (default 20, at most 1000)")]
    [DefaultValue(20)]
    public int Size { get; init; } = 20;

    [CommandOption("--sample <K>")]
    [Description("Instead of a page, draw K packages uniformly at random from the zone (with replacement)")]
    public int? Sample { get; init; }

    [CommandOption("--seed <S>")]
    [Description("Seed for --sample (default 1)")]
    [DefaultValue(1)]
    public int Seed { get; init; } = 1;

    public override ValidationResult Validate() =>
        Page < 1 ? ValidationResult.Error("--page starts at 1")
        : Size is < 1 or > 1000 ? ValidationResult.Error("--size must be between 1 and 1000")
        : Sample is < 1 or > 100_000 ? ValidationResult.Error("--sample must be between 1 and 100000")
        : ValidationResult.Success();
}

/// <summary><c>parley zone</c>: the packages every required party accepts, page by page or as a uniform sample.</summary>
public sealed class ZoneCommand(CliContext context) : Command<ZoneSettings>
{
    public override int Execute(CommandContext commandContext, ZoneSettings settings, CancellationToken cancellationToken)
    {
        var scenario = ScenarioResolver.Resolve(settings.Scenario, context);
        var problem = new BargainingProblem(Models.Utility(scenario));
        var count = ZopaCounter.Count(problem, cancellation: cancellationToken);
        IReadOnlyList<int[]> packages;
        try
        {
            using var progress = new ProgressReporter(context.Error, $"drawing {settings.Sample:N0} packages", context.ShowProgress);
            packages = settings.Sample is { } k
                ? ZoneExplorer.Sample(problem, k, settings.Seed, cancellationToken, progress)
                : ZoneExplorer.Page(problem, new BigInteger(settings.Page - 1) * settings.Size, settings.Size, cancellationToken);
        }
        catch (NotSupportedException e)
        {
            throw new CliException(ExitCodes.AnalysisFailed, e.Message);
        }

        var model = problem.Model;
        var rows = packages.Select(choices => new
        {
            terms = new Package(choices).ToTerms(scenario),
            utilities = model.Parties.ToDictionary(p => p.Party.Id, p => p.Utility(choices)),
        }).ToList();

        var mode = settings.Sample is null ? $"page {settings.Page} ({settings.Size} per page)" : $"{settings.Sample} uniform samples, seed {settings.Seed}";
        switch (settings.Format)
        {
            case OutputFormat.Json:
                Json.Write(context.Out, new { scenario = scenario.Id, zone = count.Value, exact = count.IsExact, mode, packages = rows });
                break;
            case OutputFormat.Markdown:
                var md = new MarkdownTable(scenario.Issues.Select(i => i.Id).Concat(model.Required.Select(r => model.Parties[r].Party.Id)).ToArray());
                foreach (var choices in packages)
                    md.Add(scenario.Issues.Select((issue, i) => (object?)issue.Options[choices[i]].Id)
                        .Concat(model.Required.Select(r => (object?)Fmt.Num(model.Parties[r].Utility(choices)))).ToArray());
                context.Out.Profile.Out.Writer.Write($"Zone of {scenario.Id}: {count}; {mode}\n\n{md}");
                break;
            default:
                context.Out.MarkupLine($"Zone of possible agreement of [bold]{Markup.Escape(scenario.Id)}[/]: {Markup.Escape(count.ToString())}; {Markup.Escape(mode)}.");
                if (packages.Count == 0)
                {
                    context.Out.MarkupLine("[yellow]No package on this page.[/]");
                    break;
                }
                if (packages.Count > ColumnsLimit)
                {
                    WriteRows(context.Out.Profile.Out.Writer, scenario, model, packages, cancellationToken);
                    break;
                }
                var table = new Table().AddColumn("issue");
                for (var i = 0; i < packages.Count; i++) table.AddColumn($"{i + 1}");
                for (var issue = 0; issue < scenario.Issues.Count; issue++)
                    table.AddRow(new[] { Markup.Escape(scenario.Issues[issue].Id) }
                        .Concat(packages.Select(c => Markup.Escape(scenario.Issues[issue].Options[c[issue]].Id))).ToArray());
                foreach (var r in model.Required)
                    table.AddRow(new[] { Markup.Escape(model.Parties[r].Party.Id) + " utility" }
                        .Concat(packages.Select(c => Fmt.Num(model.Parties[r].Utility(c)))).ToArray());
                context.Out.Write(table);
                break;
        }
        return ExitCodes.Ok;
    }

    /// <summary>Up to this many packages the table has one column per package; beyond it, one plain line per package.</summary>
    internal const int ColumnsLimit = 20;

    /// <summary>
    /// One fixed-width line per package (its options, then each required party's utility), written as it is formatted:
    /// a table of 100,000 columns is unreadable, and laying it out cost far more than drawing the packages.
    /// </summary>
    internal static void WriteRows(TextWriter writer, Parley.Core.Model.Scenario scenario, UtilityModel model, IReadOnlyList<int[]> packages,
        CancellationToken cancellation = default)
    {
        var issues = scenario.Issues;
        var widths = issues.Select(i => Math.Max(i.Id.Length, i.Options.Max(o => o.Id.Length))).ToArray();
        var parties = model.Required.Select(r => model.Parties[r]).ToArray();
        var numberWidth = Math.Max(1, packages.Count.ToString().Length);
        var line = new System.Text.StringBuilder();
        line.Append("#".PadLeft(numberWidth));
        for (var i = 0; i < issues.Count; i++) line.Append("  ").Append(issues[i].Id.PadRight(widths[i]));
        foreach (var p in parties) line.Append("  ").Append(p.Party.Id + " utility");
        writer.WriteLine(line.ToString().TrimEnd());
        for (var k = 0; k < packages.Count; k++)
        {
            if ((k & 1023) == 0) cancellation.ThrowIfCancellationRequested();
            line.Clear();
            line.Append((k + 1).ToString().PadLeft(numberWidth));
            for (var i = 0; i < issues.Count; i++) line.Append("  ").Append(issues[i].Options[packages[k][i]].Id.PadRight(widths[i]));
            foreach (var p in parties) line.Append("  ").Append(Fmt.Num(p.Utility(packages[k])).PadLeft(p.Party.Id.Length + " utility".Length));
            writer.WriteLine(line.ToString());
        }
    }
}
