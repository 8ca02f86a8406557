using Parley.Cli.Commands;
using Parley.Core.Evaluation;
using Parley.Core.Format;
using Parley.Core.Model;

namespace Parley.Cli.Infrastructure;

/// <summary>Turns a PROPOSAL id or a --terms list into a package of the scenario, with clear errors for unknown names.</summary>
public static class PackageArgument
{
    public static (Package Package, Proposal? Proposal) Resolve(Scenario scenario, PackageSettings settings)
    {
        if (settings.Terms is { } terms) return (Package.FromTerms(scenario, ParseTerms(scenario, terms)), null);
        var id = settings.Proposal!;
        var proposal = scenario.FindProposal(id)
            ?? throw new CliException(ExitCodes.UnknownName,
                $"scenario '{scenario.Id}' has no proposal '{id}'{DidYouMean.Hint(id, scenario.Proposals.Select(p => p.Id))}; proposals: {string.Join(", ", scenario.Proposals.Select(p => p.Id))}");
        return (Package.FromTerms(scenario, proposal.Terms), proposal);
    }

    public static Dictionary<string, string> ParseTerms(Scenario scenario, string text)
    {
        var terms = new Dictionary<string, string>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pieces.Length != 2)
                throw new CliException(ExitCodes.Usage, $"'{part}' is not issue=option");
            var issue = scenario.FindIssue(pieces[0])
                ?? throw new CliException(ExitCodes.UnknownName, $"no issue '{pieces[0]}'{DidYouMean.Hint(pieces[0], scenario.Issues.Select(i => i.Id))}");
            if (issue.IndexOfOption(pieces[1]) < 0)
                throw new CliException(ExitCodes.UnknownName,
                    $"issue '{issue.Id}' has no option '{pieces[1]}'{DidYouMean.Hint(pieces[1], issue.Options.Select(o => o.Id))}; options: {string.Join(", ", issue.Options.Select(o => o.Id))}");
            terms[issue.Id] = pieces[1];
        }
        return terms;
    }
}
