using Parley.Core.Evaluation;
using Parley.Core.Model;

namespace Parley.Robustness;

public enum EstimateKind { Reservation, Weight, Value }

/// <summary>
/// One estimated number of the scenario: where it sits in the flat parameter vector, what it is, its
/// estimate and plausible range, and why it is believed.
/// </summary>
public sealed record Estimate(int Slot, EstimateKind Kind, int Party, string PartyId, int Issue, string? IssueId, string? OptionId,
    double Value, double Low, double High, Provenance Provenance)
{
    /// <summary>The document path of the number, as validation prints it (<c>preferences.UA.weights.crimea</c>).</summary>
    public string Path => Kind switch
    {
        EstimateKind.Reservation => $"preferences.{PartyId}.reservation",
        EstimateKind.Weight => $"preferences.{PartyId}.weights.{IssueId}",
        _ => $"preferences.{PartyId}.values.{IssueId}.{OptionId}",
    };
}

/// <summary>
/// Every number of a scenario's preferences in one flat vector, so that a draw is an array of doubles and
/// never a scenario object. Per party (in <see cref="UtilityModel.Parties"/> order) the block holds the
/// reservation value, one raw weight per issue and one value per option of every issue. Red lines are
/// structure, not numbers: they come from the base model and do not vary.
/// </summary>
public sealed class ParameterSpace
{
    public Scenario Scenario { get; }
    public UtilityModel Model { get; }
    public int PartyCount { get; }
    public int IssueCount { get; }
    public int[] OptionCounts { get; }
    /// <summary>OptionOffsets[i] is the index of issue i's first option in an option table; the last entry is the total.</summary>
    public int[] OptionOffsets { get; }
    public int OptionTotal => OptionOffsets[^1];
    public int Stride => 1 + IssueCount + OptionTotal;
    public double[] BaseParameters { get; }
    public IReadOnlyList<Estimate> Estimates { get; }
    /// <summary>Indices into the model's parties of the parties that must accept.</summary>
    public int[] Required { get; }

    public ParameterSpace(Scenario scenario) : this(new UtilityModel(scenario)) { }

    public ParameterSpace(UtilityModel model)
    {
        Model = model;
        Scenario = model.Scenario;
        PartyCount = model.Parties.Count;
        IssueCount = Scenario.Issues.Count;
        OptionCounts = (int[])model.OptionCounts.Clone();
        OptionOffsets = new int[IssueCount + 1];
        for (var i = 0; i < IssueCount; i++) OptionOffsets[i + 1] = OptionOffsets[i] + OptionCounts[i];
        Required = model.Required.ToArray();
        BaseParameters = new double[PartyCount * Stride];
        var estimates = new List<Estimate>();
        for (var p = 0; p < PartyCount; p++)
        {
            var prefs = model.Parties[p].Preferences;
            var id = prefs.PartyId;
            Set(estimates, ReservationSlot(p), EstimateKind.Reservation, p, id, -1, null, null, prefs.Reservation);
            for (var i = 0; i < IssueCount; i++)
            {
                var issue = Scenario.Issues[i];
                if (prefs.Weights.TryGetValue(issue.Id, out var w))
                    Set(estimates, WeightSlot(p, i), EstimateKind.Weight, p, id, i, issue.Id, null, w);
                if (!prefs.Values.TryGetValue(issue.Id, out var byOption)) continue;
                for (var o = 0; o < issue.Options.Count; o++)
                    if (byOption.TryGetValue(issue.Options[o].Id, out var v))
                        Set(estimates, ValueSlot(p, i, o), EstimateKind.Value, p, id, i, issue.Id, issue.Options[o].Id, v);
            }
        }
        Estimates = estimates;
    }

    private void Set(List<Estimate> estimates, int slot, EstimateKind kind, int party, string partyId, int issue, string? issueId, string? optionId, Quantity q)
    {
        BaseParameters[slot] = q.Value;
        if (q.Range is { } range && range.High > range.Low)
            estimates.Add(new Estimate(slot, kind, party, partyId, issue, issueId, optionId, q.Value, range.Low, range.High, q.Provenance));
    }

    public int ReservationSlot(int party) => party * Stride;
    public int WeightSlot(int party, int issue) => party * Stride + 1 + issue;
    public int ValueSlot(int party, int issue, int option) => party * Stride + 1 + IssueCount + OptionOffsets[issue] + option;

    public string PartyId(int party) => Model.Parties[party].Party.Id;

    /// <summary>
    /// Turns a parameter vector into contribution tables: weights are clipped to [0, 1] and divided by
    /// their sum (so they sum to 1 again), values and reservations clipped to [0, 1].
    /// </summary>
    public void Compile(ReadOnlySpan<double> parameters, DrawModel into)
    {
        for (var p = 0; p < PartyCount; p++) CompileParty(parameters, p, into);
    }

    public void CompileParty(ReadOnlySpan<double> parameters, int p, DrawModel into)
    {
        var block = parameters.Slice(p * Stride, Stride);
        into.Reservations[p] = Math.Clamp(block[0], 0, 1);
        var sum = 0.0;
        for (var i = 0; i < IssueCount; i++) sum += Math.Clamp(block[1 + i], 0, 1);
        into.WeightSums[p] = sum;
        var scale = sum > 0 ? 1 / sum : 0;
        var contributions = into.Contributions.AsSpan(p * OptionTotal, OptionTotal);
        for (var i = 0; i < IssueCount; i++)
        {
            var w = Math.Clamp(block[1 + i], 0, 1) * scale;
            double best = double.MinValue, worst = double.MaxValue;
            for (var o = OptionOffsets[i]; o < OptionOffsets[i + 1]; o++)
            {
                var c = w * Math.Clamp(block[1 + IssueCount + o], 0, 1);
                contributions[o] = c;
                if (c > best) best = c;
                if (c < worst) worst = c;
            }
            into.Best[p * IssueCount + i] = best;
            into.Worst[p * IssueCount + i] = worst;
        }
    }

    public DrawModel NewDrawModel() => new(this);
}

/// <summary>One draw's preferences as flat tables: contribution of every option to every party's utility.</summary>
public sealed class DrawModel
{
    public ParameterSpace Space { get; }
    /// <summary>[party · OptionTotal + OptionOffsets[issue] + option] = normalised weight × value.</summary>
    public double[] Contributions { get; }
    public double[] Reservations { get; }
    /// <summary>Sum of the party's clipped raw weights before normalisation (thresholds need it).</summary>
    public double[] WeightSums { get; }
    /// <summary>[party · IssueCount + issue]: best and worst contribution of the issue.</summary>
    public double[] Best { get; }
    public double[] Worst { get; }

    public DrawModel(ParameterSpace space)
    {
        Space = space;
        Contributions = new double[space.PartyCount * space.OptionTotal];
        Reservations = new double[space.PartyCount];
        WeightSums = new double[space.PartyCount];
        Best = new double[space.PartyCount * space.IssueCount];
        Worst = new double[space.PartyCount * space.IssueCount];
    }

    public double Contribution(int party, int issue, int option) =>
        Contributions[party * Space.OptionTotal + Space.OptionOffsets[issue] + option];

    /// <summary>Lowest and highest utility over the completions of a possibly partial package.</summary>
    public (double Min, double Max) Bounds(int party, ReadOnlySpan<int> choices)
    {
        double min = 0, max = 0;
        var table = Contributions.AsSpan(party * Space.OptionTotal, Space.OptionTotal);
        var offsets = Space.OptionOffsets;
        var issues = Space.IssueCount;
        for (var i = 0; i < choices.Length; i++)
        {
            if (choices[i] == Package.Open)
            {
                min += Worst[party * issues + i];
                max += Best[party * issues + i];
            }
            else
            {
                var c = table[offsets[i] + choices[i]];
                min += c;
                max += c;
            }
        }
        return (min, max);
    }
}
