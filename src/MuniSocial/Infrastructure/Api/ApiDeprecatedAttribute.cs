using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MuniSocial.Infrastructure.Api;

/// <summary>
/// A request property the API still reads but clients should stop sending: the OpenAPI document marks it
/// deprecated with the message (the body's <c>version</c> gives way to If-Match).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ApiDeprecatedAttribute(string message) : Attribute
{
    public string Message { get; } = message;

    /// <summary>The schema transformer that writes <c>deprecated: true</c> (Microsoft.AspNetCore.OpenApi has no attribute for it).</summary>
    public static Task MarkAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(ApiDeprecatedAttribute), inherit: true).FirstOrDefault() is ApiDeprecatedAttribute deprecated)
        {
            schema.Deprecated = true;
            schema.Description = string.IsNullOrEmpty(schema.Description) ? deprecated.Message : $"{schema.Description} {deprecated.Message}";
        }
        return Task.CompletedTask;
    }
}
