using Parley.Stability.Model;

namespace Parley.Stability.Scenarios;

/// <summary>An expression could not be read; <see cref="Position"/> is the 0-based character offset of the problem.</summary>
public sealed class ConditionSyntaxException(string message, int position) : Exception(message)
{
    public int Position { get; } = position;
}

/// <summary>
/// Parses statements over options such as <c>withdraw and not escalate</c>, <c>-ceasefire | offensive</c>,
/// <c>administration if ceasefire</c> or <c>(a or b) iff c</c> into a <see cref="StateCondition"/>.
/// Precedence, loosest first: <c>iff</c>, <c>if</c>, <c>or</c> (<c>|</c>), <c>and</c> (<c>&amp;</c>),
/// <c>not</c> (<c>-</c>, <c>!</c>). <c>A if B</c> reads as in gmcr-py: A holds whenever B does.
/// <c>true</c> and <c>false</c> are constants. Names resolve through <paramref name="resolve"/>, which
/// returns an option index or throws a <see cref="ConditionSyntaxException"/> with a did-you-mean.
/// </summary>
public sealed class ConditionExpression
{
    private readonly string _text;
    private readonly Func<string, int, int> _resolve;
    private int _pos;

    private ConditionExpression(string text, Func<string, int, int> resolve)
    {
        _text = text;
        _resolve = resolve;
    }

    /// <param name="resolve">(name, position) → option index.</param>
    public static StateCondition Parse(string text, Func<string, int, int> resolve)
    {
        var parser = new ConditionExpression(text, resolve);
        var result = parser.ParseIff();
        parser.SkipSpace();
        if (parser._pos < text.Length)
            throw new ConditionSyntaxException($"unexpected '{parser.Rest()}' at character {parser._pos + 1}", parser._pos);
        return result;
    }

    private string Rest() => _text[_pos..].Length > 20 ? _text.Substring(_pos, 20) + "…" : _text[_pos..];

    private StateCondition ParseIff()
    {
        var left = ParseIf();
        while (TakeWord("iff")) left = new Iff(left, ParseIf());
        return left;
    }

    private StateCondition ParseIf()
    {
        var consequent = ParseOr();
        while (TakeWord("if")) consequent = new Implies(ParseOr(), consequent);
        return consequent;
    }

    private StateCondition ParseOr()
    {
        var members = new List<StateCondition> { ParseAnd() };
        while (TakeWord("or") || TakeSymbol('|')) members.Add(ParseAnd());
        return members.Count == 1 ? members[0] : new AnyOf(members);
    }

    private StateCondition ParseAnd()
    {
        var members = new List<StateCondition> { ParseUnary() };
        while (TakeWord("and") || TakeSymbol('&')) members.Add(ParseUnary());
        return members.Count == 1 ? members[0] : new AllOf(members);
    }

    private StateCondition ParseUnary()
    {
        if (TakeWord("not") || TakeSymbol('-') || TakeSymbol('!') || TakeSymbol('~')) return Negate(ParseUnary());
        SkipSpace();
        if (TakeSymbol('('))
        {
            var inner = ParseIff();
            if (!TakeSymbol(')'))
                throw new ConditionSyntaxException(
                    _pos < _text.Length ? $"expected ')' at character {_pos + 1}, found '{Rest()}'" : "missing ')' at the end", _pos);
            return inner;
        }
        var start = _pos;
        var name = ReadName();
        if (name.Length == 0)
            throw new ConditionSyntaxException(
                _pos < _text.Length ? $"expected an option at character {_pos + 1}, found '{Rest()}'" : "the statement ends where an option was expected", _pos);
        if (name is "and" or "or" or "if" or "iff" or "not")
            throw new ConditionSyntaxException($"expected an option at character {start + 1}, found the keyword '{name}'", start);
        return name switch
        {
            "true" => new OptionPattern(0, 0),
            "false" => new Not(new OptionPattern(0, 0)),
            _ => StateCondition.Taken(_resolve(name, start)),
        };
    }

    private static StateCondition Negate(StateCondition c) => c switch
    {
        OptionPattern { Yes: var y, No: 0 } when System.Numerics.BitOperations.PopCount(y) == 1 => new OptionPattern(0, y),
        Not n => n.Operand,
        _ => new Not(c),
    };

    private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '.';

    private string ReadName()
    {
        SkipSpace();
        var start = _pos;
        while (_pos < _text.Length && IsNameChar(_text[_pos])) _pos++;
        return _text[start.._pos];
    }

    private void SkipSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
    }

    private bool TakeSymbol(char symbol)
    {
        SkipSpace();
        if (_pos < _text.Length && _text[_pos] == symbol)
        {
            _pos++;
            return true;
        }
        return false;
    }

    private bool TakeWord(string word)
    {
        SkipSpace();
        var end = _pos + word.Length;
        if (end > _text.Length || string.Compare(_text, _pos, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) != 0) return false;
        if (end < _text.Length && IsNameChar(_text[end])) return false;
        _pos = end;
        return true;
    }
}
