using Parley.Forecast.Model;

namespace Parley.Forecast.Smp;

/// <summary>
/// KTAB's Spatial Model of Politics (Wise, Lester et al., KAPSARC). Each turn: risk attitudes are
/// inferred from how likely each actor's position is to win; every actor picks the challenge with
/// the highest expected gain; the challenged pair gets an interpolated bargain; every actor then
/// adopts one of the bargains it is party to (or keeps its position) by a probability-of-Condorcet-
/// election vote among all actors. Positions and saliences are normalised to [0,1].
/// Formulas and deviations from KTAB's code: docs/forecast.md.
/// </summary>
public sealed class SmpEngine : IForecastEngine
{
    private const double MinSignificantGain = 1e-5;
    private const double SamePositionTolerance = 5e-3;

    private readonly SmpOptions _options;

    public SmpEngine(SmpOptions? options = null)
    {
        _options = options ?? new SmpOptions();
        if (_options.MaxTurns < 1) throw new ArgumentOutOfRangeException(nameof(options), "MaxTurns must be >= 1");
    }

    public SmpOptions Options => _options;

    public string Name => "smp";

    public ForecastResult Run(SpatialModel model) => Run(model, null);

    /// <param name="progress">Turns done / <see cref="SmpOptions.MaxTurns"/> after each turn; 1 at the end.</param>
    /// <param name="cancellationToken">Checked before any work and before each turn (and between the
    /// parallel chunks of a turn); a cancelled run throws <see cref="OperationCanceledException"/>.</param>
    public ForecastResult Run(SpatialModel model, IProgress<double>? progress, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var state = SmpState.From(model);
        var n = state.N;
        var dims = state.D;
        var rounds = new List<double[,]> { state.Snapshot(model) };
        var influence = new double[n, n];
        var converged = false;
        double firstMove = 0;
        var workspace = new Workspace(n);
        var winProbabilities = new List<double[]>();
        for (var turn = 1; turn <= _options.MaxTurns; turn++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (next, nextIdeals, chosenWith, win) = Turn(state, turn, workspace, cancellationToken);
            winProbabilities.Add(win);
            var move = 0.0;
            for (var i = 0; i < n; i++)
            {
                var d2 = 0.0;
                for (var k = 0; k < dims; k++)
                {
                    var delta = next[i * dims + k] - state.Pos[i * dims + k];
                    d2 += delta * delta;
                }
                var dist = Math.Sqrt(d2);
                move += dist;
                if (chosenWith[i] >= 0) influence[chosenWith[i], i] += dist;
            }
            state = state with { Pos = next, Ideal = nextIdeals };
            rounds.Add(state.Snapshot(model));
            progress?.Report((double)turn / _options.MaxTurns);
            if (turn == 1) firstMove = move + 1e-4;
            if (turn >= _options.MinTurns && move / firstMove < _options.MinDeltaRatio)
            {
                converged = true;
                break;
            }
        }

        var (forecasts, finalWin) = Forecasts(model, state, rounds, workspace, cancellationToken);
        winProbabilities.Add(finalWin);
        progress?.Report(1);
        var notes = new List<string>
        {
            $"KTAB SMP: VictoryProbModel={_options.VictoryProbModel}, PCEModel={_options.PceModel}, StateTransitions={_options.StateTransitions}, " +
            $"VotingRule={_options.VotingRule}, BigRAdjust={_options.BigRAdjust}, BigRRange={_options.BigRRange}, " +
            $"ThirdPartyCommit={_options.ThirdPartyCommit}, InterVecBrgn={_options.InterVecBargain}, BargnModel={_options.BargainModel}" +
            (_options.StateTransitions == StateTransitions.Stochastic ? $", seed={_options.Seed}" : ""),
            converged ? $"settled after {rounds.Count - 1} turns" : $"stopped at the turn limit ({_options.MaxTurns})",
        };
        return new ForecastResult("smp", model, rounds, forecasts, converged, influence, notes) { WinProbabilities = winProbabilities };
    }

    /// <summary>KTAB's position tolerance (<c>SMPModel::posTol</c>): positions closer than this (Euclidean, on the
    /// normalised scale) are one position.</summary>
    private const double KtabPositionTolerance = 1e-3;

    /// <summary>
    /// The probability that each actor's position wins in state s, as KTAB reports it ("History of actors' winning
    /// probabilities", table PosProb with perspective −1: <c>SMPState::pDist(-1)</c> and <c>State::posProb</c>): every
    /// actor values the distinct positions from its ideal with its own risk attitude, a capability-weighted vote under
    /// the model's VotingRule gives coalitions, VictoryProbModel and PCEModel the distribution over the distinct
    /// positions, and each actor gets the probability of the distinct position it holds (so actors sharing a
    /// position share one probability and the list can sum to more than 1). Uses the workspace's
    /// NeutralUtil and Everyone buffers, so call it after <see cref="RiskAttitudes(SmpState, double[], Workspace, CancellationToken)"/>.
    /// </summary>
    private double[] WinProbabilities(SmpState s, double[] vDiff, double[] risk, Workspace ws, CancellationToken cancellationToken)
    {
        var n = s.N;
        var dims = s.D;
        var unique = new List<int>();
        var classOf = new int[n];
        for (var i = 0; i < n; i++)
        {
            var found = -1;
            for (var u = 0; u < unique.Count; u++)
            {
                var d2 = 0.0;
                for (var k = 0; k < dims; k++)
                {
                    var delta = s.Pos[i * dims + k] - s.Pos[unique[u] * dims + k];
                    d2 += delta * delta;
                }
                // KTAB's posProb keeps the last matching distinct position.
                if (Math.Sqrt(d2) < KtabPositionTolerance) found = u;
            }
            if (found < 0)
            {
                found = unique.Count;
                unique.Add(i);
            }
            classOf[i] = found;
        }
        var m = unique.Count;
        var util = OptionUtilities(ws, vDiff, risk, unique, n);
        var scratch = ws.Everyone;
        SmpMath.Coalitions(_options.VotingRule, s.Cap, util.AsSpan(0, n * m), m, scratch, cancellationToken);
        var p = SmpMath.Pce(_options.PceModel, _options.VictoryProbModel, scratch.Coalitions, m, scratch);
        var result = new double[n];
        for (var i = 0; i < n; i++) result[i] = p[classOf[i]];
        return result;
    }

    /// <summary>Actor state in normalised units: positions, ideals, saliences (row-major actor×dim).</summary>
    internal sealed record SmpState(int N, int D, double[] Cap, double[] Sal, double[] SalTotal, double[] Pos, double[] Ideal, double[,]? Adjust)
    {
        public static SmpState From(SpatialModel model)
        {
            var n = model.ActorCount;
            var d = model.DimensionCount;
            var cap = new double[n];
            var sal = new double[n * d];
            var salTotal = new double[n];
            var pos = new double[n * d];
            for (var i = 0; i < n; i++)
            {
                var a = model.Actors[i];
                cap[i] = a.Capability.Value;
                var total = 0.0;
                for (var k = 0; k < d; k++)
                {
                    sal[i * d + k] = a.Stances[k].Salience.Value;
                    total += sal[i * d + k];
                    pos[i * d + k] = model.Dimensions[k].Normalize(a.Stances[k].Position.Value);
                }
                // SMP needs an actor's saliences to sum to at most 1 (overall attention is shared).
                if (total > 1)
                {
                    for (var k = 0; k < d; k++) sal[i * d + k] /= total;
                    total = 1;
                }
                salTotal[i] = total;
            }
            return new SmpState(n, d, cap, sal, salTotal, pos, (double[])pos.Clone(), model.IdealAdjustment);
        }

        public double[,] Snapshot(SpatialModel model)
        {
            var snap = new double[N, D];
            for (var i = 0; i < N; i++)
                for (var k = 0; k < D; k++) snap[i, k] = model.Dimensions[k].Denormalize(Pos[i * D + k]);
            return snap;
        }

        public ReadOnlySpan<double> PosOf(int i) => Pos.AsSpan(i * D, D);
        public ReadOnlySpan<double> IdealOf(int i) => Ideal.AsSpan(i * D, D);
        public ReadOnlySpan<double> SalOf(int i) => Sal.AsSpan(i * D, D);
    }

    /// <summary>A proposed bargain: new positions for initiator and receiver.</summary>
    private sealed record Bargain(int Initiator, int Receiver, double[] InitiatorPos, double[] ReceiverPos);

    /// <summary>Distances vDiff[i,j] from i's ideal to j's position, weighted by i's saliences.</summary>
    internal static double[] IdealDistances(SmpState s)
    {
        var v = new double[s.N * s.N];
        IdealDistances(s, v);
        return v;
    }

    private static void IdealDistances(SmpState s, double[] v)
    {
        var n = s.N;
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                v[i * n + j] = SmpMath.BvDiff(s.IdealOf(i), s.PosOf(j), s.SalOf(i));
    }

    /// <summary>Risk attitudes inferred from the risk-neutral probability that each position wins.</summary>
    internal double[] RiskAttitudes(SmpState s, double[] vDiff, CancellationToken cancellationToken = default)
    {
        var workspace = new Workspace(s.N);
        RiskAttitudes(s, vDiff, workspace, cancellationToken);
        return workspace.Risk;
    }

    /// <summary>Fills workspace.Risk, using the workspace's n×n buffers.</summary>
    private void RiskAttitudes(SmpState s, double[] vDiff, Workspace workspace, CancellationToken cancellationToken)
    {
        var n = s.N;
        var u0 = workspace.NeutralUtil;
        for (var i = 0; i < n * n; i++) u0[i] = SmpMath.BsUtil(vDiff[i], 0);
        var scratch = workspace.Everyone;
        SmpMath.Coalitions(_options.VotingRule, s.Cap, u0, n, scratch, cancellationToken);
        var p = SmpMath.Pce(_options.PceModel, _options.VictoryProbModel, scratch.Coalitions, n, scratch);
        SmpMath.BigRFromProbability(p, _options.BigRRange, workspace.Risk);
    }

    /// <summary>
    /// The per-run buffers of <see cref="Turn"/>: every n×n table is overwritten in full each turn, so
    /// one set serves the whole run. Per-thread buffers of the parallel loops come from a pool (taken in
    /// localInit, returned in localFinally), so no two threads ever share one.
    /// </summary>
    private sealed class Workspace(int n)
    {
        public readonly double[] VDiff = new double[n * n];
        public readonly double[] VDiffT = new double[n * n];
        public readonly double[] NeutralUtil = new double[n * n];
        public readonly double[] BaseUtil = new double[n * n];
        public readonly double[] BaseSum = new double[n];
        public readonly double[] Risk = new double[n];
        public readonly double[] Weight = new double[n];
        public readonly int[] ChosenWith = new int[n];
        public readonly Bargain[]?[] Bargains = new Bargain[]?[n];
        public readonly List<Bargain?>[] Queues = NewQueues(n);
        public readonly VoteScratch Everyone = new();
        private readonly System.Collections.Concurrent.ConcurrentBag<ThreadScratch> _pool = [];

        public ThreadScratch Rent() => _pool.TryTake(out var t) ? t : new ThreadScratch(n);

        public void Return(ThreadScratch t) => _pool.Add(t);

        private static List<Bargain?>[] NewQueues(int n)
        {
            var q = new List<Bargain?>[n];
            for (var k = 0; k < n; k++) q[k] = [];
            return q;
        }
    }

    /// <summary>One thread's buffers: an actor's view of everyone (n each) and its vote over its queue.</summary>
    private sealed class ThreadScratch(int n)
    {
        public readonly double[] Estimate = new double[n];
        public readonly double[] OtherEstimate = new double[n];
        public readonly double[] UtilOfI = new double[n];
        public readonly double[] UtilOfOwn = new double[n];
        public readonly VoteScratch Vote = new();
        private double[] _util = [];

        /// <summary>A buffer of at least the given length for the voters' utilities of the queue's options.</summary>
        public double[] Util(int length)
        {
            if (_util.Length < length) _util = new double[length];
            return _util;
        }
    }

    private (double[] Pos, double[] Ideal, int[] ChosenWith, double[] Win) Turn(SmpState s, int turn, Workspace ws, CancellationToken cancellationToken)
    {
        var n = s.N;
        var dims = s.D;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism, CancellationToken = cancellationToken };
        var vDiff = ws.VDiff;
        IdealDistances(s, vDiff);
        Transpose(vDiff, n, ws.VDiffT);
        RiskAttitudes(s, vDiff, ws, cancellationToken);
        var risk = ws.Risk;
        var win = WinProbabilities(s, vDiff, risk, ws, cancellationToken);
        for (var t = 0; t < n; t++) ws.Weight[t] = s.SalTotal[t] * s.Cap[t];

        // Each actor's best challenge, from its own perspective.
        var bargains = ws.Bargains;
        Parallel.For(0, n, parallel, ws.Rent, (i, _, scratch) =>
        {
            var (bestJ, pWin) = BestChallenge(s, vDiff, ws.VDiffT, ws.Weight, risk, i, scratch);
            if (bestJ < 0) { bargains[i] = []; return scratch; }
            var fromI = Interpolate(s, i, bestJ, pWin);
            switch (_options.BargainModel)
            {
                case BargainModel.InitOnlyInterp:
                    bargains[i] = [fromI];
                    break;
                case BargainModel.InitRcvrInterp:
                {
                    var pj = ProbabilityAndGain(s, vDiff, Perspective(risk, bestJ, scratch.OtherEstimate), i, i, bestJ).P;
                    bargains[i] = [fromI, Interpolate(s, i, bestJ, pj)];
                    break;
                }
                case BargainModel.PWCompInterp:
                {
                    var pj = ProbabilityAndGain(s, vDiff, Perspective(risk, bestJ, scratch.OtherEstimate), i, i, bestJ).P;
                    var fromJ = Interpolate(s, i, bestJ, pj);
                    var wi = s.Cap[i] * s.SalTotal[i];
                    var wj = s.Cap[bestJ] * s.SalTotal[bestJ];
                    var bi = new double[dims];
                    var bj = new double[dims];
                    for (var k = 0; k < dims; k++)
                    {
                        bi[k] = (wi * fromI.InitiatorPos[k] + wj * fromJ.InitiatorPos[k]) / (wi + wj);
                        bj[k] = (wi * fromI.ReceiverPos[k] + wj * fromJ.ReceiverPos[k]) / (wi + wj);
                    }
                    bargains[i] = [new Bargain(i, bestJ, bi, bj)];
                    break;
                }
            }
            return scratch;
        }, ws.Return);

        // Every actor's queue: status quo first, then bargains in initiator order.
        var queues = ws.Queues;
        foreach (var q in queues)
        {
            q.Clear();
            q.Add(null);
        }
        for (var i = 0; i < n; i++)
        {
            foreach (var b in bargains[i]!)
            {
                queues[b.Initiator].Add(b);
                queues[b.Receiver].Add(b);
            }
        }

        // Own-perspective utility of each current position, for the "unchanged" part of each state.
        var baseUtil = ws.BaseUtil;
        var baseSum = ws.BaseSum;
        for (var a = 0; a < n; a++)
        {
            var sum = 0.0;
            for (var m = 0; m < n; m++)
            {
                var u = SmpMath.BsUtil(vDiff[a * n + m], risk[a]);
                baseUtil[a * n + m] = u;
                sum += u;
            }
            baseSum[a] = sum;
        }

        var next = new double[n * dims];
        var chosenWith = ws.ChosenWith;
        Parallel.For(0, n, parallel, ws.Rent, (k, _, scratch) =>
        {
            var queue = queues[k];
            var m = queue.Count;
            int chosen;
            if (m == 1)
            {
                chosen = 0;
            }
            else
            {
                var util = scratch.Util(n * m);
                BargainUtilities(s, risk, baseUtil, baseSum, queue, util);
                SmpMath.Coalitions(_options.VotingRule, s.Cap, util.AsSpan(0, n * m), m, scratch.Vote);
                var p = SmpMath.Pce(_options.PceModel, _options.VictoryProbModel, scratch.Vote.Coalitions, m, scratch.Vote);
                chosen = _options.StateTransitions == StateTransitions.Deterministic
                    ? ArgMax(p)
                    : Sample(p, SplitMix64.For(_options.Seed, turn, k));
            }
            var pick = queue[chosen];
            var target = pick is null ? s.PosOf(k) : pick.Initiator == k ? pick.InitiatorPos : pick.ReceiverPos;
            target.CopyTo(next.AsSpan(k * dims, dims));
            chosenWith[k] = pick is null ? -1 : pick.Initiator == k ? pick.Receiver : pick.Initiator;
            return scratch;
        }, ws.Return);

        return (next, NewIdeals(s, next), chosenWith, win);
    }

    /// <summary>
    /// Every voter a's utility of the state after each bargain of one actor's queue (status quo first):
    /// the mean over all actors' positions, with the bargain's two positions replaced, of a's utility
    /// measured from a's <b>ideal</b> with a's risk attitude (KTAB <c>updateBestBrgnPositions</c>: the
    /// unchanged positions use <c>aUtil[a](a, n)</c> and the new ones <c>SMPActor::posUtil</c>, both from the
    /// ideal point). baseUtil[a·n+m] must hold a's utility of m's current position, baseSum[a] their sum.
    /// </summary>
    private static void BargainUtilities(SmpState s, double[] risk, double[] baseUtil, double[] baseSum, List<Bargain?> queue, double[] util)
    {
        var n = s.N;
        var m = queue.Count;
        for (var a = 0; a < n; a++)
        {
            util[a * m] = baseSum[a] / n;
            for (var o = 1; o < m; o++)
            {
                var b = queue[o]!;
                var u = baseSum[a] - baseUtil[a * n + b.Initiator] - baseUtil[a * n + b.Receiver]
                        + SmpMath.BsUtil(SmpMath.BvDiff(s.IdealOf(a), b.InitiatorPos, s.SalOf(a)), risk[a])
                        + SmpMath.BsUtil(SmpMath.BvDiff(s.IdealOf(a), b.ReceiverPos, s.SalOf(a)), risk[a]);
                util[a * m + o] = u / n;
            }
        }
    }

    /// <summary>Test hook: voters' utilities (row-major voter × option) of the status quo and of bargains,
    /// each given as (initiator, receiver, initiator's new position, receiver's new position).</summary>
    internal static double[] BargainUtilitiesForTest(SmpState s, double[] risk, IReadOnlyList<(int I, int J, double[] PosI, double[] PosJ)> bargains)
    {
        var n = s.N;
        var vDiff = IdealDistances(s);
        var baseUtil = new double[n * n];
        var baseSum = new double[n];
        for (var a = 0; a < n; a++)
            for (var j = 0; j < n; j++)
            {
                baseUtil[a * n + j] = SmpMath.BsUtil(vDiff[a * n + j], risk[a]);
                baseSum[a] += baseUtil[a * n + j];
            }
        var queue = new List<Bargain?> { null };
        queue.AddRange(bargains.Select(b => new Bargain(b.I, b.J, b.PosI, b.PosJ)));
        var util = new double[n * queue.Count];
        BargainUtilities(s, risk, baseUtil, baseSum, queue, util);
        return util;
    }

    private static int ArgMax(ReadOnlySpan<double> p)
    {
        var best = 0;
        for (var i = 1; i < p.Length; i++)
            if (p[i] > p[best]) best = i;
        return best;
    }

    private static int Sample(ReadOnlySpan<double> p, SplitMix64 rng)
    {
        var u = rng.NextDouble();
        var sum = 0.0;
        for (var i = 0; i < p.Length; i++)
        {
            sum += p[i];
            if (u <= sum) return i;
        }
        return p.Length - 1;
    }

    private static double[] NewIdeals(SmpState s, double[] next)
    {
        if (s.Adjust is null) return (double[])next.Clone();
        var n = s.N;
        var dims = s.D;
        var ideals = new double[n * dims];
        for (var i = 0; i < n; i++)
        {
            var weight = 0.0;
            for (var j = 0; j < n; j++)
            {
                var a = s.Adjust[i, j];
                if (a == 0) continue;
                weight += a;
                for (var k = 0; k < dims; k++) ideals[i * dims + k] += a * next[j * dims + k];
            }
            var lag = Math.Max(0, 1 - weight);
            for (var k = 0; k < dims; k++) ideals[i * dims + k] += lag * s.Ideal[i * dims + k];
        }
        return ideals;
    }

    /// <summary>
    /// The j that maximises i's expected gain from challenging it (first j on ties), and i's P[i beats j].
    /// Same arithmetic as <see cref="ProbabilityAndGain(SmpState, double[], double[], int, int, int)"/> with
    /// h = k = i, with everything that does not depend on j hoisted out of the j loop (the hot path).
    /// </summary>
    private (int J, double P) BestChallenge(SmpState s, double[] vDiff, double[] vDiffT, double[] wt, double[] risk, int i, ThreadScratch scratch) => _options.VotingRule switch
    {
        VotingRule.Binary => BestChallenge<BinaryVote>(s, vDiff, vDiffT, wt, risk, i, scratch),
        VotingRule.PropBin => BestChallenge<PropBinVote>(s, vDiff, vDiffT, wt, risk, i, scratch),
        VotingRule.Proportional => BestChallenge<ProportionalVote>(s, vDiff, vDiffT, wt, risk, i, scratch),
        VotingRule.PropCbc => BestChallenge<PropCbcVote>(s, vDiff, vDiffT, wt, risk, i, scratch),
        VotingRule.Cubic => BestChallenge<CubicVote>(s, vDiff, vDiffT, wt, risk, i, scratch),
        VotingRule.ASymProsp => BestChallenge<ASymProspVote>(s, vDiff, vDiffT, wt, risk, i, scratch),
        _ => throw new ArgumentOutOfRangeException(nameof(_options.VotingRule)),
    };

    private (int J, double P) BestChallenge<TVote>(SmpState s, double[] vDiff, double[] vDiffT, double[] wt, double[] risk, int i, ThreadScratch scratch) where TVote : IVoteRule =>
        _options.ThirdPartyCommit switch
        {
            ThirdPartyCommit.FullCommit => BestChallenge<TVote, FullCommitment>(s, vDiff, vDiffT, wt, risk, i, scratch),
            ThirdPartyCommit.SemiCommit => BestChallenge<TVote, SemiCommitment>(s, vDiff, vDiffT, wt, risk, i, scratch),
            ThirdPartyCommit.NoCommit => BestChallenge<TVote, NoCommitment>(s, vDiff, vDiffT, wt, risk, i, scratch),
            _ => throw new ArgumentOutOfRangeException(nameof(_options.ThirdPartyCommit)),
        };

    private (int J, double P) BestChallenge<TVote, TCommit>(SmpState s, double[] vDiff, double[] vDiffT, double[] wt, double[] risk, int i, ThreadScratch scratch)
        where TVote : IVoteRule where TCommit : ICommitment
    {
        var n = s.N;
        var est = Perspective(risk, i, scratch.Estimate);
        var uti = scratch.UtilOfI;
        var utt = scratch.UtilOfOwn;
        for (var t = 0; t < n; t++)
        {
            uti[t] = SmpMath.BsUtil(vDiff[t * n + i], est[t]);
            utt[t] = SmpMath.BsUtil(vDiff[t * n + t], est[t]);
        }

        var bestJ = -1;
        var bestGain = -1.0;
        var bestP = 0.0;
        for (var j = 0; j < n; j++)
        {
            if (j == i) continue;
            var uii = utt[i];
            var uij = SmpMath.BsUtil(vDiff[i * n + j], est[i]);
            var uji = uti[j];
            var ujj = utt[j];
            var contribI = TVote.Vote(wt[i], uii, uij);
            var contribJ = TVote.Vote(wt[j], uji, ujj);
            const double minCoalition = 1e-10;
            double forI = minCoalition, forJ = minCoalition;
            if (contribI > 0) forI += contribI; else forJ -= contribI;
            if (contribJ > 0) forI += contribJ; else forJ -= contribJ;
            var principalsI = forI;
            var principalsJ = forJ;
            var column = vDiffT.AsSpan(j * n, n);
            for (var t = 0; t < n; t++)
            {
                if (t == i || t == j) continue;
                var utj = SmpMath.BsUtil(column[t], est[t]);
                var ut = uti[t];
                var w = wt[t];
                var own = TVote.Vote(w, ut, utj);
                // Branch-free (the signs are data-dependent, so branches mispredict); adding +0 leaves a
                // positive sum unchanged, so this equals the branching form bit for bit.
                var ci = principalsI + double.MaxNative(own, 0);
                var cj = principalsJ + double.MaxNative(-own, 0);
                var pit = ci / (ci + cj);
                var pjt = 1 - pit;
                TCommit.Outcomes(ut, utj, utt[t], out var ikBeatsJ, out var jBeatsIk, out var iBeatsJk, out var jkBeatsI);
                var vote = TVote.Vote(w, pit * ikBeatsJ + pjt * jBeatsIk, pit * iBeatsJk + pjt * jkBeatsI);
                forI += double.MaxNative(vote, 0);
                forJ += double.MaxNative(-vote, 0);
            }
            var p = forI / (forI + forJ);
            var contest = p * 2 * uii + (1 - p) * 2 * uij;
            var gain = (1 - s.SalTotal[j]) * 2 * uii + s.SalTotal[j] * contest - (uii + uij);
            if (gain > MinSignificantGain && gain > bestGain)
            {
                bestJ = j;
                bestGain = gain;
                bestP = p;
            }
        }
        return (bestJ, bestP);
    }

    // vDiff is read column-wise in the hot loop; a transposed copy per turn keeps that sequential.
    private static void Transpose(double[] v, int n, double[] t)
    {
        for (var a = 0; a < n; a++)
            for (var b = 0; b < n; b++) t[b * n + a] = v[a * n + b];
    }

    /// <summary>Test hook: the best challenge as computed on the hot path.</summary>
    internal (int J, double P) BestChallengeForTest(SmpState s, int i)
    {
        var ws = new Workspace(s.N);
        IdealDistances(s, ws.VDiff);
        Transpose(ws.VDiff, s.N, ws.VDiffT);
        RiskAttitudes(s, ws.VDiff, ws, CancellationToken.None);
        for (var t = 0; t < s.N; t++) ws.Weight[t] = s.SalTotal[t] * s.Cap[t];
        return BestChallenge(s, ws.VDiff, ws.VDiffT, ws.Weight, ws.Risk, i, ws.Rent());
    }

    /// <summary>h's estimates of every actor's risk attitude.</summary>
    private double[] Perspective(double[] risk, int h) => Perspective(risk, h, new double[risk.Length]);

    /// <summary>h's estimates of every actor's risk attitude, into r (as long as risk).</summary>
    private double[] Perspective(double[] risk, int h, double[] r)
    {
        for (var a = 0; a < r.Length; a++) r[a] = SmpMath.EstimateRisk(risk[h], risk[a], _options.BigRAdjust);
        return r;
    }

    /// <summary>
    /// h's estimate of the probability that i beats j when i challenges j, and of the expected change
    /// in utility to k compared with the status quo (KTAB probEduChlg).
    /// </summary>
    internal (double P, double Gain) ProbabilityAndGain(SmpState s, double[] vDiff, double[] risk, int h, int k, int i, int j) =>
        ProbabilityAndGain(s, vDiff, Perspective(risk, h), k, i, j);

    /// <param name="estRisk">h's estimate of each actor's risk attitude (see <see cref="Perspective"/>).</param>
    private (double P, double Gain) ProbabilityAndGain(SmpState s, double[] vDiff, double[] estRisk, int k, int i, int j)
    {
        var n = s.N;
        var rule = _options.VotingRule;
        var commit = _options.ThirdPartyCommit;

        var uii = SmpMath.BsUtil(vDiff[i * n + i], estRisk[i]);
        var uij = SmpMath.BsUtil(vDiff[i * n + j], estRisk[i]);
        var uji = SmpMath.BsUtil(vDiff[j * n + i], estRisk[j]);
        var ujj = SmpMath.BsUtil(vDiff[j * n + j], estRisk[j]);
        var uki = SmpMath.BsUtil(vDiff[k * n + i], estRisk[k]);
        var ukj = SmpMath.BsUtil(vDiff[k * n + j], estRisk[k]);
        var euStatusQuo = uki + ukj;
        var euIWins = 2 * uki;
        var euJWins = 2 * ukj;

        var contribI = SmpMath.Vote(rule, s.SalTotal[i] * s.Cap[i], uii, uij);
        var contribJ = SmpMath.Vote(rule, s.SalTotal[j] * s.Cap[j], uji, ujj);
        const double minCoalition = 1e-10;
        double forI = minCoalition, forJ = minCoalition;
        if (contribI > 0) forI += contribI; else forJ -= contribI;
        if (contribJ > 0) forI += contribJ; else forJ -= contribJ;
        var principalsI = forI;
        var principalsJ = forJ;

        for (var t = 0; t < n; t++)
        {
            if (t == i || t == j) continue;
            var wt = s.SalTotal[t] * s.Cap[t];
            var rt = estRisk[t];
            var row = t * n;
            var uti = SmpMath.BsUtil(vDiff[row + i], rt);
            var utj = SmpMath.BsUtil(vDiff[row + j], rt);
            var utt = SmpMath.BsUtil(vDiff[row + t], rt);
            // Third party t weighs in on the little contest (i:j) that only the principals and t decide.
            var own = SmpMath.Vote(rule, wt, uti, utj);
            var ci = own > 0 ? principalsI + own : principalsI;
            var cj = own < 0 ? principalsJ - own : principalsJ;
            var pit = ci / (ci + cj);
            var vote = ThirdPartyVote(rule, commit, wt, pit, uti, utj, utt);
            if (vote > 0) forI += vote;
            if (vote < 0) forJ -= vote;
        }

        var p = forI / (forI + forJ);
        var contest = p * euIWins + (1 - p) * euJWins;
        var challenge = (1 - s.SalTotal[j]) * euIWins + s.SalTotal[j] * contest;
        return (p, challenge - euStatusQuo);
    }

    /// <summary>Third party t's vote in (i:j): compares siding with i against siding with j.</summary>
    internal static double ThirdPartyVote(VotingRule rule, ThirdPartyCommit commit, double wt, double pit, double uti, double utj, double utt)
    {
        var pjt = 1 - pit;
        double ikBeatsJ, jBeatsIk, iBeatsJk, jkBeatsI;
        switch (commit)
        {
            case ThirdPartyCommit.FullCommit:
                ikBeatsJ = 3 * uti; jBeatsIk = 3 * utj; iBeatsJk = 3 * uti; jkBeatsI = 3 * utj;
                break;
            case ThirdPartyCommit.SemiCommit:
                ikBeatsJ = 2 * uti + utt; jBeatsIk = 3 * utj; iBeatsJk = 3 * uti; jkBeatsI = 2 * utj + utt;
                break;
            case ThirdPartyCommit.NoCommit:
                ikBeatsJ = 2 * uti + utt; jBeatsIk = 2 * utj + utt; iBeatsJk = 2 * uti + utt; jkBeatsI = 2 * utj + utt;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(commit));
        }
        var sideWithI = pit * ikBeatsJ + pjt * jBeatsIk;
        var sideWithJ = pit * iBeatsJk + pjt * jkBeatsI;
        return SmpMath.Vote(rule, wt, sideWithI, sideWithJ);
    }

    /// <summary>Bargain between initiator i and receiver j given P[i wins] from some perspective.</summary>
    private Bargain Interpolate(SmpState s, int i, int j, double pI)
    {
        var dims = s.D;
        var pJ = 1 - pI;
        var bi = new double[dims];
        var bj = new double[dims];
        for (var k = 0; k < dims; k++)
        {
            var ti = s.Pos[i * dims + k];
            var tj = s.Pos[j * dims + k];
            var si = s.Sal[i * dims + k];
            var sj = s.Sal[j * dims + k];
            switch (_options.InterVecBargain)
            {
                case InterVecBargain.S1P1:
                    (bi[k], bj[k]) = InterpolateSnPm(1, ti, si, pI, tj, sj, pJ);
                    break;
                case InterVecBargain.S2P2:
                    (bi[k], bj[k]) = InterpolateSnPm(2, ti, si, pI, tj, sj, pJ);
                    break;
                case InterVecBargain.S2PMax:
                {
                    var di = Math.Max(0, pJ - pI);
                    var dj = Math.Max(0, pI - pJ);
                    var si2 = si * si;
                    var sj2 = sj * sj;
                    var dik = di * sj2 / (di * sj2 + 1e-6 + (1 - di) * si2);
                    var djk = dj * si2 / (dj * si2 + 1e-6 + (1 - dj) * sj2);
                    bi[k] = ti + dik * (tj - ti);
                    bj[k] = tj + djk * (ti - tj);
                    break;
                }
            }
        }
        return new Bargain(i, j, bi, bj);
    }

    /// <summary>Both move to the (salience^n · probability^n)-weighted average, rounded to 4 decimals.</summary>
    internal static (double Bi, double Bj) InterpolateSnPm(int power, double ti, double si, double pI, double tj, double sj, double pJ)
    {
        var wi = Math.Pow(si, power) * Math.Pow(pI, power);
        var wj = Math.Pow(sj, power) * Math.Pow(pJ, power);
        // The tiny extra weight keeps 0/0 away when neither side cares or can coerce; each keeps its own then.
        const double minW = 1e-6;
        var bi = Round4(((wi + minW) * ti + wj * tj) / (wi + minW + wj));
        var bj = Round4((wi * ti + (minW + wj) * tj) / (wi + minW + wj));
        return (bi, bj);
    }

    private static double Round4(double x) => Math.Floor(0.5 + x * 10000) / 10000;

    private (IReadOnlyList<DimensionForecast> Forecasts, double[] Win) Forecasts(SpatialModel model, SmpState s, List<double[,]> rounds, Workspace ws, CancellationToken cancellationToken)
    {
        var n = s.N;
        var dims = s.D;
        // Distribution over the distinct final positions: probability of Condorcet election with
        // every actor judging from its own final ideal and risk attitude.
        var vDiff = ws.VDiff;
        IdealDistances(s, vDiff);
        RiskAttitudes(s, vDiff, ws, cancellationToken);
        var risk = ws.Risk;
        var win = WinProbabilities(s, vDiff, risk, ws, cancellationToken);
        var unique = new List<int>();
        for (var i = 0; i < n; i++)
        {
            var isNew = true;
            foreach (var u in unique)
            {
                var d2 = 0.0;
                for (var k = 0; k < dims; k++)
                {
                    var delta = s.Pos[i * dims + k] - s.Pos[u * dims + k];
                    d2 += delta * delta;
                }
                if (Math.Sqrt(d2) < SamePositionTolerance) { isNew = false; break; }
            }
            if (isNew) unique.Add(i);
        }
        var m = unique.Count;
        var util = OptionUtilities(ws, vDiff, risk, unique, n);
        var scratch = ws.Everyone;
        SmpMath.Coalitions(VotingRule.Proportional, s.Cap, util.AsSpan(0, n * m), m, scratch);
        var p = SmpMath.Pce(_options.PceModel, _options.VictoryProbModel, scratch.Coalitions, m, scratch);

        var result = new DimensionForecast[dims];
        for (var k = 0; k < dims; k++)
        {
            var dim = model.Dimensions[k];
            var expected = 0.0;
            for (var o = 0; o < m; o++) expected += p[o] * s.Pos[unique[o] * dims + k];
            var x = new double[n];
            var x0 = new double[n];
            var w = new double[n];
            for (var i = 0; i < n; i++)
            {
                x[i] = rounds[^1][i, k];
                x0[i] = rounds[0][i, k];
                w[i] = s.Cap[i] * s.Sal[i * dims + k];
            }
            result[k] = new DimensionForecast(dim, dim.Denormalize(expected),
                "expected outcome under the final state's probability of Condorcet election over actors' positions",
                WeightedStatistics.Mean(x, w), WeightedStatistics.Median(x, w), WeightedStatistics.Median(x0, w));
        }
        return (result, win);
    }

    /// <summary>
    /// Each actor's utility for each distinct position (row a, column o): m ≤ n, so the n×n buffer of the
    /// turns holds them.
    /// </summary>
    private static double[] OptionUtilities(Workspace ws, double[] vDiff, double[] risk, List<int> unique, int n)
    {
        var m = unique.Count;
        var util = ws.NeutralUtil;
        for (var a = 0; a < n; a++)
            for (var o = 0; o < m; o++)
                util[a * m + o] = SmpMath.BsUtil(vDiff[a * n + unique[o]], risk[a]);
        return util;
    }
}
