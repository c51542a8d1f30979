using System.Text.Json;
using System.Net.Http.Json;
using MuniSocial.Infrastructure.Identity;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Shared;

/// <summary>The OpenAPI document describes every body the API answers: no operation of /api/v1 answers 200/201 without a schema.</summary>
public sealed class OpenApiDocumentTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Every_api_v1_success_response_has_a_schema()
    {
        var doc = await app.Anonymous().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var operations = doc.GetProperty("paths").EnumerateObject()
            .Where(p => p.Name.StartsWith("/api/v1/", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject().Where(o => o.Value.TryGetProperty("responses", out _)).Select(o => (Name: $"{o.Name.ToUpperInvariant()} {p.Name}", Operation: o.Value)))
            .ToList();
        // Every /api/v1 endpoint of the access table is in the document (none is left out of the description).
        var mapped = AccessTable.Entries.Count(a => !a.IsPage && a.Route.StartsWith("/api/v1/", StringComparison.Ordinal));
        Assert.Equal(mapped, operations.Count);

        var problems = new List<string>();
        foreach (var (name, operation) in operations)
        {
            var successes = operation.GetProperty("responses").EnumerateObject().Where(r => r.Name is "200" or "201").ToList();
            if (successes.Count == 0 && !operation.GetProperty("responses").TryGetProperty("204", out _))
            {
                problems.Add($"{name}: no 200, 201 or 204 response");
            }
            foreach (var response in successes)
            {
                if (!response.Value.TryGetProperty("content", out var content) || !content.EnumerateObject().Any())
                {
                    problems.Add($"{name} {response.Name}: no content");
                    continue;
                }
                foreach (var media in content.EnumerateObject())
                {
                    if (!media.Value.TryGetProperty("schema", out var schema) || !Describes(schema))
                    {
                        problems.Add($"{name} {response.Name} {media.Name}: empty schema");
                    }
                }
            }
        }
        Assert.True(problems.Count == 0, "Responses the OpenAPI document does not describe:\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task Every_api_v1_operation_has_a_name_and_a_summary()
    {
        var doc = await app.Anonymous().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var missing = doc.GetProperty("paths").EnumerateObject()
            .Where(p => p.Name.StartsWith("/api/v1/", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject().Where(o => o.Value.TryGetProperty("responses", out _))
                .Where(o => !o.Value.TryGetProperty("operationId", out _) || !o.Value.TryGetProperty("summary", out var s) || string.IsNullOrWhiteSpace(s.GetString()))
                .Select(o => $"{o.Name.ToUpperInvariant()} {p.Name}"))
            .ToList();
        Assert.True(missing.Count == 0, "Operations without WithName / WithSummary:\n" + string.Join("\n", missing));
    }

    /// <summary>A schema that says something: a reference, a type, properties, or a composition — not <c>{}</c>.</summary>
    private static bool Describes(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object
        && new[] { "$ref", "type", "properties", "items", "allOf", "anyOf", "oneOf" }.Any(k => schema.TryGetProperty(k, out _));
}
