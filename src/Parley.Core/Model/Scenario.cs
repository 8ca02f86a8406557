namespace Parley.Core.Model;

public sealed record Source(string Id, string Title, IReadOnlyList<string> Authors, string? Publication, PartialDate? Date, string? File)
{
    public string? Url { get; init; }
    public string? Note { get; init; }
}

/// <summary>A party's part in the conflict; written in a scenario as <see cref="PartyRoles.Name"/> spells it.</summary>
public enum PartyRole { Belligerent, Backer, Mediator, Guarantor, Observer, ArmedGroup }

public sealed record Party(string Id, string Name, PartyRole Role, string? Description, IReadOnlyList<Citation> Citations);

public sealed record IssueOption(string Id, string Label, string? Description);

public sealed record Issue(string Id, string Name, string? Description, IReadOnlyList<IssueOption> Options, IReadOnlyList<Citation> Citations)
{
    public int IndexOfOption(string optionId)
    {
        for (var i = 0; i < Options.Count; i++)
            if (Options[i].Id == optionId) return i;
        return -1;
    }
}

/// <summary>One condition of a red line: the issue is settled on one of these options.</summary>
public sealed record RedLineCondition(string IssueId, IReadOnlyList<string> OptionIds);

/// <summary>A combination a party can never accept: every condition holds at once.</summary>
public sealed record RedLine(string? Id, string? Description, IReadOnlyList<RedLineCondition> Conditions, IReadOnlyList<Citation> Citations)
{
    public string Label => Id ?? Description ?? string.Join(" & ", Conditions.Select(c => $"{c.IssueId}={string.Join("|", c.OptionIds)}"));
}

/// <summary>
/// A party's additive utility: U(package) = Σ weight[issue]·value[issue][option]. Issues without a weight
/// count zero. The reservation value is the utility of the party's best alternative to agreement.
/// </summary>
public sealed record PartyPreferences(
    string PartyId,
    Quantity Reservation,
    IReadOnlyDictionary<string, Quantity> Weights,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, Quantity>> Values,
    IReadOnlyList<RedLine> RedLines,
    double? UtilityCap = null)
{
    /// <summary>
    /// The most a package can be worth to the party, when its utilities are capped (Genius's
    /// <c>AdditiveUtilitySpace.getUtility</c> returns min(1, Σ w·v), which matters when the weights sum just above 1).
    /// Null: utilities are the plain additive sum.
    /// </summary>
    public double Capped(double sum) => UtilityCap is { } cap && sum > cap ? cap : sum;

    public double Weight(string issueId) => Weights.TryGetValue(issueId, out var w) ? w.Value : 0;

    public double Value(string issueId, string optionId) =>
        Values.TryGetValue(issueId, out var byOption) && byOption.TryGetValue(optionId, out var v) ? v.Value : 0;
}

/// <summary>What a party publicly demanded or offered at a date, for some issues.</summary>
public sealed record Position(string PartyId, PartialDate Date, IReadOnlyDictionary<string, string> Stance, string? Note, IReadOnlyList<Citation> Citations)
{
    /// <summary>"party: note", or the stance (issue=option, …) when the position has no note.</summary>
    public string Summary =>
        $"{PartyId}: {(string.IsNullOrWhiteSpace(Note) ? Stance.Count > 0 ? string.Join(", ", Stance.Select(s => $"{s.Key}={s.Value}")) : "(no stance recorded)" : Note)}";
}

/// <summary>A package put forward by someone. Issues it leaves out stay open.</summary>
public sealed record Proposal(string Id, string Name, string Author, string? PartyId, PartialDate? Date, IReadOnlyDictionary<string, string> Terms, string? Description, IReadOnlyList<Citation> Citations);

public sealed record AgreementRule(IReadOnlyList<string> RequiredParties);

/// <summary>A section the core does not interpret, kept for the engine that owns it (for example <c>conflict</c>).</summary>
public sealed record ScenarioSection(string Name, YamlDotNet.RepresentationModel.YamlNode Node, string File);

public sealed record Scenario(
    string Id,
    string Title,
    string? Description,
    IReadOnlyList<Source> Sources,
    IReadOnlyList<Party> Parties,
    IReadOnlyList<Issue> Issues,
    IReadOnlyDictionary<string, PartyPreferences> Preferences,
    IReadOnlyList<Position> Positions,
    IReadOnlyList<Proposal> Proposals,
    AgreementRule Agreement,
    IReadOnlyDictionary<string, ScenarioSection> Extensions)
{
    /// <summary>Preferences as they stood at earlier dates; see <see cref="ScenarioTimeline.AsOf"/>.</summary>
    public IReadOnlyList<Snapshot> Snapshots { get; init; } = [];

    public Party? FindParty(string id) => Parties.FirstOrDefault(p => p.Id == id);
    public Issue? FindIssue(string id) => Issues.FirstOrDefault(i => i.Id == id);
    public Proposal? FindProposal(string id) => Proposals.FirstOrDefault(p => p.Id == id);

    /// <summary>Number of complete packages (one option per issue), as a double because it overflows longs quickly.</summary>
    public double PackageCount => Issues.Aggregate(1.0, (n, issue) => n * issue.Options.Count);
}
