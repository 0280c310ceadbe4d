using System.Collections;
using System.Reflection;
using System.Text.Json;

namespace RnnLstm.Tests.Properties;

/// <summary>
/// Finds every number that is not finite in an object graph (public properties of the library's types, arrays,
/// lists and dictionaries) or in a JSON document, by path, so that a property about "a finite report" survives any
/// rewrite of the report's members.
/// </summary>
internal static class FiniteNumbers
{
    /// <summary>Paths such as "Scores[2].Mase = NaN" of every non-finite double or float reachable from <paramref name="root"/>.</summary>
    public static List<string> In(object? root, int maxDepth = 6)
    {
        var found = new List<string>();
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        Walk(root, "report", 0);
        return found;

        void Walk(object? value, string path, int depth)
        {
            switch (value)
            {
                case null or string or DateTime or TimeSpan or Enum or bool or int or long: return;
                case double d: if (!double.IsFinite(d)) found.Add($"{path} = {d}"); return;
                case float f: if (!float.IsFinite(f)) found.Add($"{path} = {f}"); return;
            }
            if (depth >= maxDepth || value.GetType().IsPrimitive || !seen.Add(value)) return;
            if (value is IDictionary dictionary)
            {
                foreach (DictionaryEntry e in dictionary) Walk(e.Value, $"{path}[{e.Key}]", depth + 1);
                return;
            }
            if (value is IEnumerable items)
            {
                int k = 0;
                foreach (object? item in items) Walk(item, $"{path}[{k++}]", depth + 1);
                return;
            }
            if (value.GetType().Namespace?.StartsWith("RnnLstm", StringComparison.Ordinal) != true) return;
            foreach (PropertyInfo p in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (p.GetIndexParameters().Length > 0 || p.PropertyType.IsByRefLike) continue; // spans cannot be read by reflection
                object? member;
                try { member = p.GetValue(value); }
                catch (TargetInvocationException) { continue; } // e.g. SeriesStep.Time of a month step: not a number of the report
                Walk(member, $"{path}.{p.Name}", depth + 1);
            }
        }
    }

    /// <summary>Paths of every number written as a non-finite literal string ("NaN", "Infinity", "-Infinity") in <paramref name="json"/>.</summary>
    public static List<string> InJson(string json)
    {
        var found = new List<string>();
        using var document = JsonDocument.Parse(json); // throws on invalid JSON
        Walk(document.RootElement, "$");
        return found;

        void Walk(JsonElement e, string path)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object: foreach (JsonProperty p in e.EnumerateObject()) Walk(p.Value, $"{path}.{p.Name}"); break;
                case JsonValueKind.Array: int k = 0; foreach (JsonElement item in e.EnumerateArray()) Walk(item, $"{path}[{k++}]"); break;
                case JsonValueKind.String when e.GetString() is "NaN" or "Infinity" or "-Infinity": found.Add($"{path} = {e.GetString()}"); break;
            }
        }
    }
}
