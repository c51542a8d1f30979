using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Domain.Incidents;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Incidents;

/// <summary>The incident steps the tests share: through the API (bearer) or the detail page's forms (antiforgery).</summary>
internal static class IncidentKit
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage r, HttpStatusCode expected)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == expected, $"expected {(int)expected}, got {(int)r.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    public static async Task<Guid> OpenAsync(this HttpClient api, object body)
    {
        var json = await (await api.PostAsJsonAsync("/api/v1/incidents", body)).JsonAsync(HttpStatusCode.Created);
        return json.GetProperty("id").GetGuid();
    }

    public static async Task<JsonElement> StepAsync(this HttpClient api, Guid id, object body) =>
        await (await api.PostAsJsonAsync($"/api/v1/incidents/{id}/steps", body)).JsonAsync(HttpStatusCode.Created);

    public static async Task<JsonElement> GetAsync(this HttpClient api, Guid id) =>
        await (await api.GetAsync($"/api/v1/incidents/{id}")).JsonAsync(HttpStatusCode.OK);

    /// <summary>The checklist item's done state as the API reports it.</summary>
    public static bool Done(this JsonElement incident, string code) =>
        incident.GetProperty("checklist").EnumerateArray().Single(i => i.GetProperty("code").GetString() == code).GetProperty("done").GetBoolean();

    /// <summary>Posts the detail page's form for <paramref name="handler"/> (every control as the browser sends it, with the test's values).</summary>
    public static async Task<HttpResponseMessage> PageAsync(this HttpClient client, Guid id, string handler, Dictionary<string, string[]> fields) =>
        await client.SubmitAsync($"/incidents/{id}", fields, handler);

    public static void Redirected(HttpResponseMessage r, Guid id) => StaffPages.AssertRedirect(r, $"/incidents/{id}");

    public static Task<Incident> IncidentAsync(this AppFactory app, Guid id) =>
        app.DbAsync(db => db.Incidents.AsNoTracking().SingleAsync(i => i.Id == id));

    public static async Task<string> ErrorsAsync(HttpResponseMessage r)
    {
        var doc = await Html.ParseAsync(r);
        return doc.QuerySelector(".errors")?.TextContent ?? "";
    }
}
