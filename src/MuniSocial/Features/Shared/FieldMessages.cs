using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace MuniSocial.Features.Shared;

/// <summary>
/// Per-field error messages for the staff forms: the message sits next to its field, the field points
/// at it with aria-describedby and is marked aria-invalid, so that screen readers announce it.
/// </summary>
public static class FieldMessages
{
    public static string Id(string key) => "err-" + key.Replace('.', '-').Replace('[', '-').Replace(']', '-');

    public static bool HasError(this ModelStateDictionary modelState, string key) =>
        modelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0;

    /// <summary>The ids for aria-describedby (the hint, and the error when there is one); null renders no attribute.</summary>
    public static string? DescribedBy(this ModelStateDictionary modelState, string key, string? hintId = null)
    {
        var ids = new[] { hintId, modelState.HasError(key) ? Id(key) : null }.Where(i => i is not null);
        var text = string.Join(' ', ids);
        return text.Length == 0 ? null : text;
    }

    public static string? Invalid(this ModelStateDictionary modelState, string key) => modelState.HasError(key) ? "true" : null;

    public static IHtmlContent ErrorFor(this ModelStateDictionary modelState, string key)
    {
        if (!modelState.TryGetValue(key, out var entry) || entry.Errors.Count == 0)
        {
            return HtmlString.Empty;
        }
        var p = new TagBuilder("p");
        p.AddCssClass("field-error");
        p.Attributes["id"] = Id(key);
        foreach (var error in entry.Errors)
        {
            var span = new TagBuilder("span");
            span.InnerHtml.Append(error.ErrorMessage);
            p.InnerHtml.AppendHtml(span);
        }
        return p;
    }
}
