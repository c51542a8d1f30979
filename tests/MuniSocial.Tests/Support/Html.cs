using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace MuniSocial.Tests.Support;

/// <summary>Reads pages as a browser would: parse the HTML, fill the form, post it with its antiforgery token.</summary>
public static class Html
{
    private static readonly HtmlParser Parser = new();

    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response) =>
        await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());

    public static async Task<IHtmlDocument> GetDocumentAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"GET {url} gave {(int)response.StatusCode}");
        return await ParseAsync(response);
    }

    /// <summary>
    /// GETs <paramref name="pageUrl"/>, takes the antiforgery token of its form (the one posting to
    /// <paramref name="formAction"/> when given), and posts <paramref name="fields"/> with it.
    /// </summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string pageUrl, Dictionary<string, string> fields,
        string? formAction = null, string? handler = null)
    {
        var document = await client.GetDocumentAsync(pageUrl);
        var forms = document.Forms.Where(f => f.Method.Equals("post", StringComparison.OrdinalIgnoreCase)).ToList();
        var form = formAction is null
            ? forms.FirstOrDefault(f => f.QuerySelector("input[name=__RequestVerificationToken]") is not null && (handler is null || (f.GetAttribute("action") ?? "").Contains($"handler={handler}", StringComparison.OrdinalIgnoreCase)))
            : forms.FirstOrDefault(f => (f.GetAttribute("action") ?? "").Contains(formAction, StringComparison.OrdinalIgnoreCase));
        Assert.True(form is not null, $"no post form{(formAction is null ? "" : " to " + formAction)} on {pageUrl}");
        var token = form!.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")?.Value;
        Assert.False(string.IsNullOrEmpty(token), $"the form on {pageUrl} has no antiforgery token");
        var action = form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? pageUrl : action;
        var body = new List<KeyValuePair<string, string>>(fields) { new("__RequestVerificationToken", token!) };
        return await client.PostAsync(target, new FormUrlEncodedContent(body));
    }

    /// <summary>Posts without any antiforgery token: must be refused.</summary>
    public static Task<HttpResponseMessage> PostWithoutTokenAsync(this HttpClient client, string url, Dictionary<string, string> fields) =>
        client.PostAsync(url, new FormUrlEncodedContent(fields));

    public static string Text(this IHtmlDocument document) => document.Body?.TextContent ?? "";
}
