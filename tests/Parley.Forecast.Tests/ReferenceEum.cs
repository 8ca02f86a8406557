namespace Parley.Forecast.Tests;

/// <summary>
/// A deliberately naive expected-utility model written straight from the definitions in
/// docs/forecast.md (BDM 1994 / Scholz et al. 2011): no shared code with the engine, no arrays
/// of precomputed values, every quantity recomputed where it is used. One dimension, Q = 1.
/// </summary>
internal sealed class ReferenceEum(double[] c, double[] s, double range, bool riskAttitudes)
{
    private double Votes(double[] x, int k, int i, int j) => c[k] * s[k] * (Math.Abs(x[k] - x[j]) - Math.Abs(x[k] - x[i])) / range;

    private double P(double[] x, int i, int j)
    {
        double pos = 0, abs = 0;
        for (var k = 0; k < x.Length; k++)
        {
            var v = Votes(x, k, i, j);
            pos += Math.Max(0, v);
            abs += Math.Abs(v);
        }
        return abs == 0 ? 0.5 : pos / abs;
    }

    // EU of a challenging b, with risk exponent r: the Scholz et al. formula with Q = 1.
    private double Eu(double[] x, int a, int b, double r)
    {
        var d = Math.Abs(x[a] - x[b]) / range;
        var us = 2 - 4 * Math.Pow(0.5 - 0.5 * d, r);
        var uf = 2 - 4 * Math.Pow(0.5 + 0.5 * d, r);
        var usq = 2 - 4 * Math.Pow(0.5, r);
        var p = P(x, a, b);
        return s[b] * (p * us + (1 - p) * uf) + (1 - s[b]) * us - usq;
    }

    public double[] Risk(double[] x)
    {
        var n = x.Length;
        var r = Enumerable.Repeat(1.0, n).ToArray();
        if (!riskAttitudes) return r;
        var danger = Enumerable.Range(0, n).Select(i => Enumerable.Range(0, n).Where(j => j != i).Sum(j => Eu(x, j, i, 1.0))).ToArray();
        var max = danger.Max();
        var min = danger.Min();
        for (var i = 0; i < n; i++)
        {
            var bigR = max > min ? (2 * danger[i] - max - min) / (max - min) : 0;
            r[i] = (1 - bigR / 3) / (1 + bigR / 3);
        }
        return r;
    }

    public double[] Round(double[] x)
    {
        var n = x.Length;
        var r = Risk(x);
        var next = (double[])x.Clone();
        for (var i = 0; i < n; i++)
        {
            double? bestTarget = null;
            for (var j = 0; j < n; j++)
            {
                if (j == i || x[j] == x[i]) continue;
                var mine = Eu(x, i, j, r[i]);
                var theirs = Eu(x, j, i, r[i]);
                double? target = null;
                if (theirs > mine && mine > 0) target = x[j];                                   // conflict, i loses
                else if (theirs > 0 && mine < 0 && theirs > -mine) target = x[i] + (x[j] - x[i]) * (-mine / theirs); // compromise
                else if (theirs > 0 && mine < 0) target = x[j];                                 // capitulation
                if (target is { } t && (bestTarget is null || Math.Abs(t - x[i]) < Math.Abs(bestTarget.Value - x[i])))
                    bestTarget = t;
            }
            if (bestTarget is { } b) next[i] = b;
        }
        return next;
    }
}
