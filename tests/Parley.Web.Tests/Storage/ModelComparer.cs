using System.Collections;
using System.Reflection;
using YamlDotNet.RepresentationModel;

namespace Parley.Web.Tests.Storage;

/// <summary>
/// Structural equality of scenario models, written from the shape of the records rather than their
/// Equals (records holding lists compare those by reference). Reports the first difference by path.
/// </summary>
internal static class ModelComparer
{
    public static string? FirstDifference(object? a, object? b, string path = "scenario")
    {
        if (a is null || b is null) return a is null && b is null ? null : $"{path}: {Show(a)} vs {Show(b)}";
        // A list built by an edit and one built by the loader hold the same items in different collection types.
        var bothCollections = (a is IDictionary && b is IDictionary) || (a is IEnumerable && b is IEnumerable && a is not string && b is not string && a is not YamlNode && b is not YamlNode);
        if (!bothCollections && a.GetType() != b.GetType()) return $"{path}: type {a.GetType().Name} vs {b.GetType().Name}";
        var type = a.GetType();
        if (a is YamlNode nodeA) return Describe(nodeA) == Describe((YamlNode)b) ? null : $"{path}: YAML sections differ";
        if (type.IsPrimitive || type.IsEnum || a is string || a is decimal || type.IsValueType)
            return a.Equals(b) ? null : $"{path}: {Show(a)} vs {Show(b)}";
        if (a is IDictionary dictA)
        {
            var dictB = (IDictionary)b;
            var keysA = dictA.Keys.Cast<object>().Select(k => k.ToString()!).Order().ToList();
            var keysB = dictB.Keys.Cast<object>().Select(k => k.ToString()!).Order().ToList();
            if (!keysA.SequenceEqual(keysB)) return $"{path}: keys [{string.Join(",", keysA)}] vs [{string.Join(",", keysB)}]";
            foreach (var key in dictA.Keys)
                if (FirstDifference(dictA[key], dictB[key], $"{path}.{key}") is { } d) return d;
            return null;
        }
        if (a is IEnumerable listA)
        {
            var itemsA = listA.Cast<object?>().ToList();
            var itemsB = ((IEnumerable)b).Cast<object?>().ToList();
            if (itemsA.Count != itemsB.Count) return $"{path}: {itemsA.Count} items vs {itemsB.Count}";
            for (var i = 0; i < itemsA.Count; i++)
                if (FirstDifference(itemsA[i], itemsB[i], $"{path}[{i}]") is { } d) return d;
            return null;
        }
        // Where a section was read from is not part of the model: a reloaded copy comes from another file.
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p.GetIndexParameters().Length == 0 && !(type == typeof(Parley.Core.Model.ScenarioSection) && p.Name == "File")))
            if (FirstDifference(property.GetValue(a), property.GetValue(b), $"{path}.{property.Name}") is { } d) return d;
        return null;
    }

    private static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode s => "s:" + s.Value,
        YamlSequenceNode l => "[" + string.Join(",", l.Children.Select(Describe)) + "]",
        YamlMappingNode m => "{" + string.Join(",", m.Children.Select(kv => Describe(kv.Key) + ":" + Describe(kv.Value))) + "}",
        _ => node.ToString(),
    };

    private static string Show(object? o) => o is null ? "null" : $"'{o}'";
}
