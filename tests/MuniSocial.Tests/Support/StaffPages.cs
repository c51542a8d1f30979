using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Domain.Accounts;

namespace MuniSocial.Tests.Support;

/// <summary>
/// Filling and sending the staff forms as a browser does: every control of the form is sent with its current
/// value (hidden fields, checked boxes, selected options), with the test's own values in place of those it names.
/// </summary>
public static class StaffPages
{
    /// <summary>
    /// GETs <paramref name="pageUrl"/>, takes the post form inside &lt;main&gt; (the one for <paramref name="handler"/> when given),
    /// fills it and posts it with its antiforgery token. An empty array in <paramref name="overrides"/> clears that field.
    /// </summary>
    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, string pageUrl, Dictionary<string, string[]>? overrides = null, string? handler = null)
    {
        var document = await client.GetDocumentAsync(pageUrl);
        var forms = document.QuerySelectorAll<IHtmlFormElement>("main form")
            .Where(f => f.Method.Equals("post", StringComparison.OrdinalIgnoreCase)).ToList();
        var form = handler is null
            ? forms.FirstOrDefault()
            : forms.FirstOrDefault(f => (f.GetAttribute("action") ?? "").Contains($"handler={handler}", StringComparison.OrdinalIgnoreCase));
        Assert.True(form is not null, $"no post form{(handler is null ? "" : " for " + handler)} on {pageUrl}");
        var values = new List<KeyValuePair<string, string>>();
        foreach (var element in form!.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement { Name: { Length: > 0 } name } input when input.Type is not ("submit" or "button"):
                    if (input.Type is not ("checkbox" or "radio") || input.IsChecked)
                    {
                        values.Add(new(name, input.Value));
                    }
                    break;
                case IHtmlTextAreaElement { Name: { Length: > 0 } name } area:
                    values.Add(new(name, area.Value));
                    break;
                case IHtmlSelectElement { Name: { Length: > 0 } name } select:
                    values.AddRange(select.Options.Where(o => o.IsSelected).Select(o => new KeyValuePair<string, string>(name, o.Value)));
                    break;
            }
        }
        Assert.Contains(values, v => v.Key == "__RequestVerificationToken");
        foreach (var (key, given) in overrides ?? [])
        {
            values.RemoveAll(v => v.Key == key);
            values.AddRange(given.Select(v => new KeyValuePair<string, string>(key, v)));
        }
        var action = form.GetAttribute("action");
        return await client.PostAsync(string.IsNullOrEmpty(action) ? pageUrl : action, new FormUrlEncodedContent(values));
    }

    /// <summary>An antiforgery token of this client's session (tokens are per user, not per form).</summary>
    public static async Task<string> TokenAsync(this HttpClient client)
    {
        var document = await client.GetDocumentAsync("/home");
        return document.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
    }

    public static Guid IdFromLocation(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"expected a redirect, got {(int)response.StatusCode}: {Excerpt(response)}");
        var location = response.Headers.Location!.ToString();
        return Guid.Parse(location.Split('/', StringSplitOptions.RemoveEmptyEntries)[1]);
    }

    public static void AssertRedirect(HttpResponseMessage response, string to)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"expected a redirect to {to}, got {(int)response.StatusCode}: {Excerpt(response)}");
        Assert.Equal(to, response.Headers.Location!.ToString());
    }

    private static string Excerpt(HttpResponseMessage response)
    {
        var text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        var errors = text.IndexOf("class=\"errors\"", StringComparison.Ordinal);
        return errors >= 0 ? text[errors..Math.Min(text.Length, errors + 1500)] : text[..Math.Min(text.Length, 500)];
    }

    /// <summary>Every field of 様式1, filled in; a unique handle so that the duplicate-URL rule does not bite.</summary>
    public static Dictionary<string, string[]> FullPolicy(string name, string? url = null) => new()
    {
        ["Input.OwnerKind"] = ["City"],
        ["Input.Platform"] = ["X"],
        ["Input.AccountName"] = [name],
        ["Input.AccountUrl"] = [url ?? $"https://x.com/t_{Guid.NewGuid():N}"],
        ["Input.Content"] = ["市民の皆さまに向けて、イベント情報を発信します。"],
        ["Input.Purpose"] = ["イベントの周知と参加者との交流のため。"],
        ["Input.PeriodStart"] = ["2026-06-01"],
        ["Input.PeriodEnd"] = ["2027-03-31"],
        ["Input.OperatingDays"] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
        ["Input.HoursStart"] = ["08:45"],
        ["Input.HoursEnd"] = ["17:30"],
        ["Input.HoursNote"] = ["ただし、それ以外の時間に発信する場合があります。"],
        ["Input.ReplyPolicy"] = ["NoReply"],
    };

    public static Dictionary<string, string[]> With(this Dictionary<string, string[]> fields, string key, params string[] values)
    {
        var copy = new Dictionary<string, string[]>(fields) { [key] = values };
        return copy;
    }

    public static Task<SocialAccount> AccountAsync(this AppFactory app, Guid id) =>
        app.DbAsync(db => db.Accounts.AsNoTracking().SingleAsync(a => a.Id == id));

    public static Task<Guid> AccountIdAsync(this AppFactory app, string accountName) =>
        app.DbAsync(db => db.PolicyVersions.AsNoTracking().Where(p => p.AccountName == accountName).Select(p => p.AccountId).FirstAsync());
}
