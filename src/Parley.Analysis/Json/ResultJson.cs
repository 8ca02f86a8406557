using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Parley.Analysis.Json;

/// <summary>
/// The one JSON form of every analysis result: what <c>parley … --format json</c> prints, what the
/// workbench's API returns and what it stores. camelCase names, enums as camelCase strings, counts as
/// numbers (arbitrarily large ones too), doubles to 15 significant digits so that floating-point noise
/// such as 0.30000000000000004 never reaches a reader, and no wall-clock time inside a result.
/// </summary>
public static class ResultJson
{
    /// <summary>Version of the documents' shape; raised whenever a field is renamed, removed or changes meaning.</summary>
    public const int SchemaVersion = 1;

    public static readonly JsonSerializerOptions Options = Create(indented: true);

    /// <summary>The same document on one line (stored runs).</summary>
    public static readonly JsonSerializerOptions Compact = Create(indented: false);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            // Numbers are numbers: the Web defaults would also accept them as strings, and say so in the schema.
            NumberHandling = JsonNumberHandling.Strict,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new TidyDoubleConverter(), new BigIntegerConverter() },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static string Serialize<T>(T value, bool indented = true) => JsonSerializer.Serialize(value, indented ? Options : Compact);

    /// <summary>
    /// The same bytes as <see cref="Serialize{T}"/>, written to a stream as they are produced: a result whose lists are
    /// built while they are read (the stability analysis's states) is never held whole.
    /// </summary>
    public static void Write<T>(Stream stream, T value, bool indented = true) => JsonSerializer.Serialize(stream, value, indented ? Options : Compact);

    public static T Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new JsonException($"the document is empty where a {typeof(T).Name} was expected");

    /// <summary>Rounds to 15 significant digits, which removes the last-bit noise of sums while keeping every digit a reader could care about.</summary>
    public static double Tidy(double value) =>
        double.IsFinite(value) ? double.Parse(value.ToString("G15", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : value;

    private sealed class TidyDoubleConverter : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            // A result never holds NaN or an infinity on purpose; null keeps the document valid JSON if one slips through.
            if (!double.IsFinite(value)) writer.WriteNullValue();
            else writer.WriteNumberValue(Tidy(value));
        }
    }

    private sealed class BigIntegerConverter : JsonConverter<BigInteger>
    {
        public override BigInteger Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String
                ? BigInteger.Parse(reader.GetString()!, CultureInfo.InvariantCulture)
                : BigInteger.Parse(Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan), NumberStyles.Integer, CultureInfo.InvariantCulture);

        public override void Write(Utf8JsonWriter writer, BigInteger value, JsonSerializerOptions options) =>
            writer.WriteRawValue(value.ToString(CultureInfo.InvariantCulture), skipInputValidation: true);
    }
}
