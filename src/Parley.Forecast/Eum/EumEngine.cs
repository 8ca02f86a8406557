using Parley.Forecast.Model;

namespace Parley.Forecast.Eum;

/// <summary>
/// Bueno de Mesquita's expected-utility model ("Political forecasting: an expected utility
/// method", 1994) as formalised by Scholz, Calbert &amp; Smith (2011). The model is one-dimensional;
/// on a multi-dimension model each dimension is bargained independently, in lockstep rounds.
/// Formulas and the choices we made where the literature is ambiguous: docs/forecast.md.
/// </summary>
public sealed class EumEngine : IForecastEngine
{
    private readonly EumOptions _options;

    public EumEngine(EumOptions? options = null)
    {
        _options = options ?? new EumOptions();
        if (_options.MaxRounds < 0) throw new ArgumentOutOfRangeException(nameof(options), "MaxRounds must be >= 0");
        if (_options.StatusQuoProbability is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(options), "StatusQuoProbability must be within 0..1");
    }

    /// <summary>Offers accepted during the last <see cref="Run"/>, in round/dimension/receiver order.</summary>
    public IReadOnlyList<AcceptedOffer> LastOffers { get; private set; } = [];

    public string Name => "eum";

    public ForecastResult Run(SpatialModel model) => Run(model, null);

    /// <param name="progress">Rounds done / <see cref="EumOptions.MaxRounds"/> after each round; 1 at the end.</param>
    /// <param name="cancellationToken">Checked before any work and before each round (and between the
    /// parallel chunks of a round); a cancelled run throws <see cref="OperationCanceledException"/>.</param>
    public ForecastResult Run(SpatialModel model, IProgress<double>? progress, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var n = model.ActorCount;
        var dims = model.DimensionCount;
        var x = new double[dims][];
        var c = new double[dims][];
        var s = new double[dims][];
        for (var d = 0; d < dims; d++)
        {
            x[d] = new double[n];
            c[d] = new double[n];
            s[d] = new double[n];
            for (var i = 0; i < n; i++)
            {
                x[d][i] = model.Actors[i].Stances[d].Position.Value;
                c[d][i] = model.Actors[i].CapabilityOn(d);
                s[d][i] = model.Actors[i].Stances[d].Salience.Value;
            }
        }

        var rounds = new List<double[,]> { Snapshot(x, n, dims) };
        var influence = new double[n, n];
        var offers = new List<AcceptedOffer>();
        var converged = false;
        int? cycleLength = null;
        var seen = new Dictionary<string, int> { [StateKey(x)] = 0 };
        var state = new RoundBuffers(n);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism, CancellationToken = cancellationToken };
        for (var round = 1; round <= _options.MaxRounds; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var maxMove = 0.0;
            for (var d = 0; d < dims; d++)
            {
                var range = model.Dimensions[d].Range;
                var next = Step(x[d], c[d], s[d], range, state, round, d, offers, influence, parallel);
                for (var i = 0; i < n; i++) maxMove = Math.Max(maxMove, Math.Abs(next[i] - x[d][i]) / range);
                x[d] = next;
            }
            progress?.Report((double)round / _options.MaxRounds);
            if (maxMove <= _options.Tolerance)
            {
                converged = true;
                break;
            }
            rounds.Add(Snapshot(x, n, dims));
            // The model can cycle (Scholz et al. discuss this); a repeated state will repeat forever.
            if (seen.TryGetValue(StateKey(x), out var earlier))
            {
                cycleLength = round - earlier;
                break;
            }
            seen[StateKey(x)] = round;
        }
        if (_options.MaxRounds == 0) converged = true;
        progress?.Report(1);

        LastOffers = offers;
        var forecasts = new DimensionForecast[dims];
        for (var d = 0; d < dims; d++)
        {
            var w = new double[n];
            var x0 = new double[n];
            for (var i = 0; i < n; i++)
            {
                w[i] = c[d][i] * s[d][i];
                x0[i] = rounds[0][i, d];
            }
            var median = WeightedStatistics.Median(x[d], w);
            forecasts[d] = new DimensionForecast(model.Dimensions[d], median,
                "median voter position (capability×salience-weighted median of final positions)",
                WeightedStatistics.Mean(x[d], w), median, WeightedStatistics.Median(x0, w));
        }

        var notes = new List<string>
        {
            (_options.Variant == EumVariant.ScholzCode
                ? "expected-utility model, Scholz-code form (public Python reconstruction: all-pairs probability denominator, confrontations before compromises)"
                : "expected-utility model (BDM 1994, Scholz et al. 2011)") +
            $", Q = {_options.StatusQuoProbability}, risk attitudes {(_options.RiskAttitudes ? "on" : "off")}",
            converged ? $"converged after {rounds.Count - 1} rounds"
                : cycleLength is { } len ? $"entered a cycle of period {len} at round {rounds.Count - 1 - len}; stopped there"
                : $"stopped at the round limit ({_options.MaxRounds}) without settling",
        };
        return new ForecastResult("eum", model, rounds, forecasts, converged, influence, notes);
    }

    private static string StateKey(double[][] x) =>
        string.Join('|', x.Select(d => string.Join(',', d.Select(v => BitConverter.DoubleToInt64Bits(v)))));

    private static double[,] Snapshot(double[][] x, int n, int dims)
    {
        var snap = new double[n, dims];
        for (var d = 0; d < dims; d++)
            for (var i = 0; i < n; i++) snap[i, d] = x[d][i];
        return snap;
    }

    private sealed class RoundBuffers(int n)
    {
        public readonly double[] Weight = new double[n];
        public readonly double[] Probability = new double[n * n];
        public readonly EumProbabilities.Workspace Sorting = new(n);
        public readonly double[] Risk = new double[n];
        public readonly double[] Danger = new double[n];
        public readonly int[] Proposer = new int[n];
        public readonly DyadOutcome[] Outcome = new DyadOutcome[n];
        public readonly double[] EuReceiver = new double[n];
        public readonly double[] EuProposer = new double[n];
    }

    /// <summary>One round on one dimension: returns the new positions.</summary>
    private double[] Step(double[] x, double[] c, double[] s, double range, RoundBuffers b, int round, int dim,
        List<AcceptedOffer> offers, double[,] influence, ParallelOptions parallel) =>
        _options.Variant == EumVariant.ScholzCode
            ? ScholzCodeStep(x, c, s, range, b, round, dim, offers, influence, parallel)
            : PublishedStep(x, c, s, range, b, round, dim, offers, influence, parallel);

    /// <summary>
    /// P[i,j] of the Scholz-code reconstruction: voter k's vote for x_i over x_j is
    /// c_k s_k ((|x_k − x_j|/R)^r_k − (|x_k − x_i|/R)^r_k); P_ij is the sum of the positive votes for x_i divided by the
    /// sum of |votes| over every ordered pair of actors' positions (so P_ij + P_ji is far below 1). 0 when x_i = x_j.
    /// </summary>
    internal static void ScholzCodeProbabilities(double[] x, double[] c, double[] s, double range, double[] r, double[] p, ParallelOptions parallel)
    {
        var n = x.Length;
        // Per voter, its weighted powered distance to every actor's position.
        var dist = new double[n * n];
        Parallel.For(0, n, parallel, k =>
        {
            for (var a = 0; a < n; a++) dist[k * n + a] = c[k] * s[k] * Math.Pow(Math.Abs(x[k] - x[a]) / range, r[k]);
        });
        var perVoter = new double[n];
        Parallel.For(0, n, parallel, k =>
        {
            var row = dist.AsSpan(k * n, n);
            var sum = 0.0;
            for (var a = 0; a < n; a++)
                for (var bb = 0; bb < n; bb++) sum += Math.Abs(row[bb] - row[a]);
            perVoter[k] = sum;
        });
        var all = 0.0;
        for (var k = 0; k < n; k++) all += perVoter[k];
        Parallel.For(0, n, parallel, i =>
        {
            for (var j = 0; j < n; j++)
            {
                if (x[i] == x[j] || all == 0) { p[i * n + j] = 0; continue; }
                var top = 0.0;
                for (var k = 0; k < n; k++) top += Math.Max(0, dist[k * n + j] - dist[k * n + i]);
                p[i * n + j] = top / all;
            }
        });
    }

    /// <summary>EU_a(a→b) as the Scholz-code reconstruction computes it: no better/worse term, Q only scales U_sq.</summary>
    private static double ScholzCodeChallenge(double dab, double pab, double sb, double r, double q) =>
        sb * (pab * EumMath.Success(dab, r) + (1 - pab) * EumMath.Failure(dab, r)) + (1 - sb) * EumMath.Success(dab, r) - q * EumMath.StatusQuo(r);

    /// <summary>
    /// One round of the Scholz-code reconstruction: risk exponents from the security levels with every actor risk
    /// neutral (as published), then receiver i classifies every proposer j from its own perspective (its own r for
    /// both sides) and takes, among confrontations, the one that moves it least; failing that, among compromises,
    /// the one whose |EU|-weighted mean of the two positions is lowest; the code's capitulation test
    /// (<c>eu_ji &lt; abs(eu_ji)</c>) never holds, so capitulations are never taken. Ties: lowest proposer index.
    /// </summary>
    private double[] ScholzCodeStep(double[] x, double[] c, double[] s, double range, RoundBuffers b, int round, int dim,
        List<AcceptedOffer> offers, double[,] influence, ParallelOptions parallel)
    {
        var n = x.Length;
        var q = _options.StatusQuoProbability;
        var p = b.Probability;
        var risk = b.Risk;
        double Dist(double a, double bb) => Math.Abs(a - bb) / range;

        Array.Fill(risk, 1.0);
        if (_options.RiskAttitudes)
        {
            ScholzCodeProbabilities(x, c, s, range, risk, p, parallel);
            var danger = b.Danger;
            for (var i = 0; i < n; i++)
            {
                var sum = 0.0;
                for (var j = 0; j < n; j++)
                    if (j != i) sum += ScholzCodeChallenge(Dist(x[j], x[i]), p[j * n + i], s[i], 1.0, q);
                danger[i] = sum;
            }
            RiskFromDanger(danger, risk);
        }
        ScholzCodeProbabilities(x, c, s, range, risk, p, parallel);

        var next = new double[n];
        Parallel.For(0, n, parallel, i =>
        {
            var xi = x[i];
            int confront = -1, compromise = -1;
            double confrontMove = double.PositiveInfinity, compromiseKey = double.PositiveInfinity, compromiseTarget = xi;
            double euIConfront = 0, euJConfront = 0, euICompromise = 0, euJCompromise = 0;
            for (var j = 0; j < n; j++)
            {
                if (j == i || x[j] == xi) continue;
                var dij = Dist(xi, x[j]);
                var eI = ScholzCodeChallenge(dij, p[i * n + j], s[j], risk[i], q);
                var eJ = ScholzCodeChallenge(dij, p[j * n + i], s[i], risk[i], q);
                if (eJ > eI && eI > 0)
                {
                    var move = Math.Abs(x[j] - xi);
                    if (move < confrontMove) { confrontMove = move; confront = j; euIConfront = eI; euJConfront = eJ; }
                }
                else if (eJ > 0 && 0 > eI && eJ > Math.Abs(eI))
                {
                    var key = (Math.Abs(eI) * xi + Math.Abs(eJ) * x[j]) / (Math.Abs(eI) + Math.Abs(eJ));
                    if (key < compromiseKey)
                    {
                        compromiseKey = key;
                        compromise = j;
                        compromiseTarget = xi + (x[j] - xi) * Math.Abs(eI / eJ);
                        euICompromise = eI;
                        euJCompromise = eJ;
                    }
                }
            }
            if (confront >= 0)
            {
                next[i] = x[confront];
                (b.Proposer[i], b.Outcome[i], b.EuReceiver[i], b.EuProposer[i]) = (confront, DyadOutcome.Conflict, euIConfront, euJConfront);
            }
            else if (compromise >= 0)
            {
                next[i] = compromiseTarget;
                (b.Proposer[i], b.Outcome[i], b.EuReceiver[i], b.EuProposer[i]) = (compromise, DyadOutcome.Compromise, euICompromise, euJCompromise);
            }
            else
            {
                next[i] = xi;
                (b.Proposer[i], b.Outcome[i], b.EuReceiver[i], b.EuProposer[i]) = (-1, DyadOutcome.None, 0, 0);
            }
        });

        RecordOffers(x, next, range, b, round, dim, offers, influence);
        return next;
    }

    private double[] PublishedStep(double[] x, double[] c, double[] s, double range, RoundBuffers b, int round, int dim,
        List<AcceptedOffer> offers, double[,] influence, ParallelOptions parallel)
    {
        var n = x.Length;
        var q = _options.StatusQuoProbability;
        var w = b.Weight;
        for (var k = 0; k < n; k++) w[k] = c[k] * s[k];

        // P[i,j]: share of all vote weight in the contest "x_i against x_j" that favours x_i.
        var p = b.Probability;
        if (_options.DirectProbabilities) EumProbabilities.Direct(x, w, p, parallel);
        else EumProbabilities.Sorted(x, w, p, parallel, b.Sorting);

        var median = WeightedStatistics.Median(x, w);
        double Dist(double a, double bb) => Math.Abs(a - bb) / range;

        var risk = b.Risk;
        if (_options.RiskAttitudes)
        {
            // Security: the sum of the expected utilities of everyone else challenging i, with every
            // actor risk neutral; R_i puts it on [-1, 1] relative to the most and least threatened actors.
            var danger = b.Danger;
            Parallel.For(0, n, parallel, i =>
            {
                var sum = 0.0;
                for (var j = 0; j < n; j++)
                {
                    if (j == i) continue;
                    sum += EumMath.ChallengeUtility(Dist(x[j], x[i]), Dist(x[j], median), Dist(x[i], median), p[j * n + i], s[i], 1.0, q);
                }
                danger[i] = sum;
            });
            RiskFromDanger(danger, risk);
        }
        else
        {
            Array.Fill(risk, 1.0);
        }

        var next = new double[n];
        Parallel.For(0, n, parallel, i =>
        {
            var xi = x[i];
            var best = xi;
            var bestMove = double.PositiveInfinity;
            var proposer = -1;
            var outcome = DyadOutcome.None;
            double euI = 0, euJ = 0;
            var dim_ = Dist(xi, median);
            var statusQuo = EumMath.StatusQuo(risk[i]);
            for (var j = 0; j < n; j++)
            {
                if (j == i || x[j] == xi) continue;
                var dij = Dist(xi, x[j]);
                var djm = Dist(x[j], median);
                // Both expected utilities are i's perception, so both use i's risk exponent, and they share
                // U_s and U_f (same distance): two Math.Pow per dyad, not four.
                var us = EumMath.Success(dij, risk[i]);
                var uf = EumMath.Failure(dij, risk[i]);
                var eI = EumMath.ChallengeUtility(us, uf, dij, dim_, djm, p[i * n + j], s[j], risk[i], q, statusQuo);
                var eJ = EumMath.ChallengeUtility(us, uf, dij, djm, dim_, p[j * n + i], s[i], risk[i], q, statusQuo);
                var (kind, target) = EumMath.Classify(eI, eJ, xi, x[j]);
                if (kind == DyadOutcome.None) continue;
                var move = Math.Abs(target - xi);
                if (move < bestMove)
                {
                    bestMove = move;
                    best = target;
                    proposer = j;
                    outcome = kind;
                    euI = eI;
                    euJ = eJ;
                }
            }
            next[i] = best;
            b.Proposer[i] = proposer;
            b.Outcome[i] = outcome;
            b.EuReceiver[i] = euI;
            b.EuProposer[i] = euJ;
        });

        RecordOffers(x, next, range, b, round, dim, offers, influence);
        return next;
    }

    /// <summary>
    /// Risk exponents from each actor's danger (the sum of the challenges it faces): R_i = (2·danger_i − max − min) / (max − min),
    /// 0 when every actor faces the same danger; shared by the published form and the Scholz-code form.
    /// </summary>
    private static void RiskFromDanger(double[] danger, double[] risk)
    {
        double max = double.MinValue, min = double.MaxValue;
        foreach (var d in danger)
        {
            max = Math.Max(max, d);
            min = Math.Min(min, d);
        }
        for (var i = 0; i < danger.Length; i++)
        {
            var bigR = max > min ? (2 * danger[i] - max - min) / (max - min) : 0.0;
            risk[i] = EumMath.RiskExponent(bigR);
        }
    }

    /// <summary>Records each actor's accepted offer of the round and the influence of its proposer (both forms of the model).</summary>
    private static void RecordOffers(double[] x, double[] next, double range, RoundBuffers b, int round, int dim, List<AcceptedOffer> offers, double[,] influence)
    {
        for (var i = 0; i < x.Length; i++)
        {
            var j = b.Proposer[i];
            if (j < 0) continue;
            offers.Add(new AcceptedOffer(round, dim, i, j, b.Outcome[i], x[i], next[i], b.EuReceiver[i], b.EuProposer[i]));
            influence[j, i] += Math.Abs(next[i] - x[i]) / range;
        }
    }
}
