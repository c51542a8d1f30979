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
    /// <summary>The id of the field itself (what asp-for gives it: "Input.CityName" → "Input_CityName"); the error summary links to it.</summary>
    public static string FieldId(string key) => TagBuilder.CreateSanitizedId(key, "_");

    /// <summary>One line of the error summary: its message and the field it links to (null for a problem of the whole form).</summary>
    public sealed record SummaryItem(string Message, string? FieldId);

    /// <summary>
    /// The error summary's items: the form's own problems first, then the fields' in the order the form sent them (its
    /// order on the page), each message once, each linking to its field.
    /// </summary>
    /// <param name="onPage">
    /// Fields the page shows besides the form that was sent (a page of several forms, like the post page): a problem of
    /// one of them links to it as well, e.g. a submission refused for the text links to the text in the edit form.
    /// </param>
    public static IReadOnlyList<SummaryItem> Summary(ModelStateDictionary modelState, HttpRequest request, IReadOnlyCollection<string>? onPage = null)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        ArgumentNullException.ThrowIfNull(request);
        var formOrder = request.HasFormContentType
            ? request.Form.Keys.Select((k, i) => (k, i)).GroupBy(x => x.k, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().i, StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var entries = modelState.Where(e => e.Value!.Errors.Count > 0)
            .Select((e, i) => (e.Key, e.Value!.Errors, Order: e.Key.Length == 0 ? -1 : formOrder.TryGetValue(e.Key, out var at) ? at : int.MaxValue, Seen: i))
            .OrderBy(e => e.Order).ThenBy(e => e.Seen);
        var items = new List<SummaryItem>();
        var said = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, errors, _, _) in entries)
        {
            foreach (var error in errors)
            {
                var message = error.ErrorMessage.Length > 0 ? error.ErrorMessage : "入力内容を確認してください。";
                if (said.Add(message))
                {
                    var linked = key.Length > 0 && (OnThisForm(key, request) || (onPage?.Contains(key, StringComparer.OrdinalIgnoreCase) ?? false));
                    items.Add(new SummaryItem(message, linked ? FieldId(key) : null));
                }
            }
        }
        return items;
    }

    /// <summary>
    /// Whether the form that was sent has the field (or, for a group of boxes none of which was ticked, others of the
    /// same model): a rule refused from a page without the form (a button on the account page) names fields that are not there.
    /// </summary>
    private static bool OnThisForm(string key, HttpRequest request)
    {
        if (!request.HasFormContentType)
        {
            return true;
        }
        var dot = key.LastIndexOf('.');
        var prefix = dot > 0 ? key[..(dot + 1)] : null;
        // A chosen file is sent as a file, not as a form value: its input is on the form all the same.
        return request.Form.Keys.Concat(request.Form.Files.Select(f => f.Name))
            .Any(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase) || (prefix is not null && k.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>The ViewData key under which a page of several forms names the fields it shows (see <see cref="Summary"/>).</summary>
    public const string FieldsOnPage = "FieldsOnPage";

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
