using System.Text;
using System.Text.RegularExpressions;

namespace Parley.Fuzzing;

/// <summary>
/// Seeded mutations of a text file for the bad-input tests of every reader: each mutation is a pure function of
/// (seed text, seed number), so a failure is reproduced by its seed alone. Works on bytes so that invalid UTF-8,
/// NULs and byte-order marks can be injected; readers that take text get the bytes decoded as File.ReadAllText would.
/// Shared by the test projects of Core, Stability, Bargaining and Forecast (linked, not copied).
/// </summary>
internal static partial class Mutator
{
    /// <summary>Replacement scalars: wrong types, out-of-range and non-finite numbers, number spellings parsers disagree on.</summary>
    private static readonly string[] Scalars =
    [
        "\"text\"", "text", "-1", "-7.5", "NaN", ".nan", "Infinity", "1e308", "-1e308", "1e309", "", "\"\"", "-0", ".5", "1e-400",
        "2147483648", "-2147483649", "99999999999999999999999", "0x10", "1_000", "null", "~", "[]", "{}", "true", "0", "1",
        "\"" + new string('x', 5000) + "\"", new string('y', 5000),
    ];

    private static readonly string[] Fragments =
    [
        "[", "]", "{", "}", "\"", "'", ":", ": ", "- ", ",", "&a ", "*a", "!!binary ", "!!map ", "%YAML 1.1\n", "---\n", "...\n", "? ",
        "|", ">", "#", "\t", "<", ">", "</", "&amp;", "&bogus;", "<!DOCTYPE x [<!ENTITY e \"e\">]>", "<![CDATA[", "]]>", "\\u0000", "\\", "\r", "\n",
    ];

    public const int Kinds = 14;

    public static byte[] Mutate(byte[] seed, int seedNumber)
    {
        var random = new Random(seedNumber);
        var kind = random.Next(Kinds);
        var rounds = random.Next(4) == 0 ? 2 + random.Next(3) : 1;
        var current = seed;
        for (var r = 0; r < rounds; r++) current = Apply(current, r == 0 ? kind : random.Next(Kinds), random);
        return current;
    }

    public static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    /// <summary>The first and last characters of a mutated input, for a failure message that stays readable.</summary>
    public static string Shorten(string text, int max = 1500) =>
        text.Length <= max ? text : text[..(max / 2)] + $"\n…[{text.Length - max} chars cut]…\n" + text[^(max / 2)..];

    private static byte[] Apply(byte[] input, int kind, Random random)
    {
        if (input.Length == 0) return input;
        var text = Text(input);
        var lines = text.Split('\n').ToList();
        switch (kind)
        {
            case 0: // truncate at a random byte
                return input[..random.Next(input.Length)];
            case 1: // delete a line
                lines.RemoveAt(random.Next(lines.Count));
                return Bytes(lines);
            case 2: // duplicate a line (a duplicate key in YAML, a duplicate member or element elsewhere)
            {
                var i = random.Next(lines.Count);
                lines.Insert(i, lines[i]);
                return Bytes(lines);
            }
            case 3: // swap two lines
            {
                int i = random.Next(lines.Count), j = random.Next(lines.Count);
                (lines[i], lines[j]) = (lines[j], lines[i]);
                return Bytes(lines);
            }
            case 4: // replace a number
                return Replace(text, NumberPattern(), random, Scalars[random.Next(Scalars.Length)]);
            case 5: // replace a word (a key, an id, an enumerated value)
                return Replace(text, WordPattern(), random, random.Next(3) == 0 ? "zz_unknown" : Scalars[random.Next(Scalars.Length)]);
            case 6: // a reference to an unknown id: swap one word for another found in the file
            {
                var words = WordPattern().Matches(text);
                if (words.Count < 2) return input;
                return Replace(text, WordPattern(), random, words[random.Next(words.Count)].Value);
            }
            case 7: // change indentation
            {
                var i = random.Next(lines.Count);
                lines[i] = random.Next(3) switch
                {
                    0 => "  " + lines[i],
                    1 => lines[i].TrimStart(' '),
                    _ => "\t" + lines[i],
                };
                return Bytes(lines);
            }
            case 8: // invalid UTF-8, a NUL or a byte-order mark in the middle
            {
                byte[][] junk = [[0xC3, 0x28], [0xFF], [0xED, 0xA0, 0x80], [0x00], [0xEF, 0xBB, 0xBF], [0xF0, 0x9F]];
                var at = random.Next(input.Length + 1);
                return [.. input[..at], .. junk[random.Next(junk.Length)], .. input[at..]];
            }
            case 9: // a structural fragment somewhere
            {
                var at = random.Next(text.Length + 1);
                return Encoding.UTF8.GetBytes(text[..at] + Fragments[random.Next(Fragments.Length)] + text[at..]);
            }
            case 10: // delete a random span
            {
                var at = random.Next(input.Length);
                var length = Math.Min(input.Length - at, 1 + random.Next(40));
                return [.. input[..at], .. input[(at + length)..]];
            }
            case 11: // duplicate a random span (duplicate keys and members on one-line JSON)
            {
                var at = random.Next(input.Length);
                var length = Math.Min(input.Length - at, 1 + random.Next(80));
                return [.. input[..(at + length)], .. input[at..]];
            }
            case 12: // a number becomes an edge value that parses: zero, negative zero, huge, tiny
                return Replace(text, NumberPattern(), random, new[] { "0", "-0", "0.0", "1e300", "1e-300", "4294967297", "-2", "100000" }[random.Next(8)]);
            default: // flip one character
            {
                var chars = text.ToCharArray();
                if (chars.Length == 0) return input;
                chars[random.Next(chars.Length)] = (char)random.Next(32, 127);
                return Encoding.UTF8.GetBytes(chars);
            }
        }
    }

    private static byte[] Bytes(List<string> lines) => Encoding.UTF8.GetBytes(string.Join('\n', lines));

    private static byte[] Replace(string text, Regex pattern, Random random, string replacement)
    {
        var matches = pattern.Matches(text);
        if (matches.Count == 0) return Encoding.UTF8.GetBytes(text);
        var m = matches[random.Next(matches.Count)];
        return Encoding.UTF8.GetBytes(text[..m.Index] + replacement + text[(m.Index + m.Length)..]);
    }

    [GeneratedRegex(@"-?\d+(\.\d+)?([eE][-+]?\d+)?")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_\-]{2,}")]
    private static partial Regex WordPattern();

    /// <summary>Seeds 0..count-1, as xUnit theory data would be too many test cases to list.</summary>
    public static IEnumerable<int> SeedNumbers(int count, int offset = 0) => Enumerable.Range(offset, count);
}

/// <summary>Collects the mutations a reader failed on, so one test reports all of them with their seeds.</summary>
internal sealed class FuzzFailures(string reader)
{
    private readonly List<string> _failures = [];

    public void Add(int seed, string input, string problem) =>
        _failures.Add($"--- {reader}, mutation seed {seed}: {problem}\n{Mutator.Shorten(input)}");

    public int Count => _failures.Count;

    /// <summary>Fails with the first few failures (seed, problem and shortened input) when there are any.</summary>
    public void AssertNone()
    {
        if (_failures.Count == 0) return;
        throw new Xunit.Sdk.XunitException($"{_failures.Count} mutated input(s) broke {reader}:\n" + string.Join("\n\n", _failures.Take(5)));
    }
}
