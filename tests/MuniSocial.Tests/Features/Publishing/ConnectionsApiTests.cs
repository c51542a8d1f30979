using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Publishing;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Publishing;

/// <summary>
/// The contract of /api/v1/accounts/{id}/connection (issue 11): PUT by the section head with each platform's fields
/// connects (201) or replaces (200); GET shows the state to the section's staff and the PR office and never a secret;
/// DELETE disconnects (204, the row removed, the audit kept). Bad input is a 400 naming the field, rules are 409s, and
/// an account the caller cannot see is a 404. Refusals save nothing.
/// </summary>
public sealed class ConnectionsApiTests(AppFactory app) : IClassFixture<AppFactory>
{
    public static TheoryData<Platform, string, string, string> Bodies => new()
    {
        { Platform.Line, """{"channelAccessToken":"SECRET","channelSecret":"SECRET2"}""", "{}", "channelAccessToken,channelSecret" },
        { Platform.X, """{"accessToken":"SECRET","refreshToken":"SECRET2","userId":"1234567890"}""", """{"userId":"1234567890"}""", "accessToken,refreshToken" },
        { Platform.Facebook, """{"pageId":"100012345","pageAccessToken":"SECRET"}""", """{"pageId":"100012345"}""", "pageAccessToken" },
        { Platform.Bluesky, """{"handle":"@city-nayoro.bsky.social","appPassword":"SECRET"}""", """{"handle":"city-nayoro.bsky.social"}""", "appPassword" },
        { Platform.Mastodon, """{"instanceUrl":"https://mastodon.example.jp/","accessToken":"SECRET"}""", """{"instanceUrl":"https://mastodon.example.jp"}""", "accessToken" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task The_head_connects_each_platform_and_the_section_reads_it_without_a_secret(Platform platform, string body, string fields, string secrets)
    {
        var id = await app.AccountOnAsync(platform);
        var secret = "tok-" + Guid.NewGuid().ToString("N");
        var head = await app.ApiAsync("demo-head");
        var put = await head.PutAsync($"/api/v1/accounts/{id}/connection", Json(body.Replace("SECRET", secret, StringComparison.Ordinal)));
        var putText = await put.Content.ReadAsStringAsync();
        Assert.True(put.StatusCode == HttpStatusCode.Created, putText);
        Assert.DoesNotContain(secret, putText, StringComparison.Ordinal);

        var get = await (await app.ApiAsync("demo-operator")).GetAsync($"/api/v1/accounts/{id}/connection");
        var text = await get.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        var json = JsonDocument.Parse(text).RootElement;
        Assert.True(json.GetProperty("connected").GetBoolean());
        Assert.Equal(platform.ToString(), json.GetProperty("platform").GetString());
        Assert.Equal(JsonSerializer.Serialize(JsonDocument.Parse(fields).RootElement), JsonSerializer.Serialize(json.GetProperty("fields")));
        Assert.Equal(secrets, string.Join(",", json.GetProperty("secretsStored").EnumerateArray().Select(s => s.GetString())));
        Assert.Equal("Active", json.GetProperty("state").GetString());
        Assert.Equal("南 大地", json.GetProperty("connectedBy").GetString());
        Assert.Equal(app.Clock.GetUtcNow(), json.GetProperty("connectedAt").GetDateTimeOffset());
        Assert.Equal(platform != Platform.Line, json.GetProperty("watchCovered").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("lastError").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("lastWatchedAt").ValueKind);

        // The stored column holds a Data Protection ciphertext, not the secret; the audit holds neither.
        var stored = await app.DbAsync(db => db.AccountConnections.AsNoTracking().SingleAsync(c => c.AccountId == id));
        Assert.DoesNotContain(secret, stored.ProtectedSecrets, StringComparison.Ordinal);
        var audit = await app.DbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.EntityType == nameof(AccountConnection)).ToListAsync());
        Assert.Contains(audit, e => e.EntityId == stored.Id.ToString() && e.Action == "connection.connected" && e.ActorName == "南 大地");
        Assert.False(await app.DbAsync(db => db.AuditEntries.AnyAsync(e => (e.Before ?? "").Contains(secret) || (e.After ?? "").Contains(secret) || (e.Reason ?? "").Contains(secret))));

        // Entering the fields again replaces them (200).
        var replaced = await head.PutAsync($"/api/v1/accounts/{id}/connection", Json(body.Replace("SECRET", "new-" + secret, StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Single(await app.DbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.EntityId == stored.Id.ToString() && e.Action == "connection.replaced").ToListAsync()));
    }

    [Fact]
    public async Task An_account_not_connected_answers_connected_false()
    {
        var id = await app.AccountOnAsync(Platform.Mastodon);
        var json = await (await app.ApiAsync("demo-pr")).GetFromJsonAsync<JsonElement>($"/api/v1/accounts/{id}/connection");
        Assert.False(json.GetProperty("connected").GetBoolean());
        Assert.Equal("Mastodon", json.GetProperty("platform").GetString());
        Assert.True(json.GetProperty("connectable").GetBoolean());
        Assert.Empty(json.GetProperty("secretsStored").EnumerateArray());
    }

    [Theory]
    [InlineData(Platform.Line, """{"channelAccessToken":"t","channelSecret":"s","password":"p"}""", "password")]
    [InlineData(Platform.Line, """{"channelSecret":"s"}""", "channelAccessToken")]
    [InlineData(Platform.X, """{"accessToken":"t","userId":"@nayoro"}""", "userId")]
    [InlineData(Platform.Facebook, """{"pageId":"1","pageAccessToken":""}""", "pageAccessToken")]
    [InlineData(Platform.Mastodon, """{"instanceUrl":"http://mastodon.example.jp","accessToken":"t"}""", "instanceUrl")]
    [InlineData(Platform.Bluesky, """{"handle":"nayoro.bsky.social","appPassword":"a\nb"}""", "appPassword")]
    public async Task Bad_input_is_a_400_naming_the_field_and_nothing_is_saved(Platform platform, string body, string field)
    {
        var id = await app.AccountOnAsync(platform);
        var response = await (await app.ApiAsync("demo-head")).PutAsync($"/api/v1/accounts/{id}/connection", Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal("validation", problem.GetProperty("rule").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), text);
        Assert.NotEmpty(messages.EnumerateArray().Single().GetString()!);
        Assert.False(await app.DbAsync(db => db.AccountConnections.AnyAsync(c => c.AccountId == id)));
    }

    [Fact]
    public async Task A_body_that_is_not_an_object_of_texts_is_a_400()
    {
        var id = await app.AccountOnAsync(Platform.Line);
        var response = await (await app.ApiAsync("demo-head")).PutAsync($"/api/v1/accounts/{id}/connection", Json("""{"channelAccessToken":12,"channelSecret":"s"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(await app.DbAsync(db => db.AccountConnections.AnyAsync(c => c.AccountId == id)));
    }

    [Theory]
    [InlineData("Instagram", "platform-not-connectable", "Instagramは自動発信に対応していません。発信はプラットフォームで行い、公開を記録してください。")]
    [InlineData("TikTok", "platform-not-connectable", "TikTokは自動発信に対応していません。発信はプラットフォームで行い、公開を記録してください。")]
    [InlineData("Closed", "account-closed", "運用を終了したアカウントには接続できません。")]
    public async Task Rules_of_the_domain_are_409s(string which, string rule, string message)
    {
        Guid id;
        if (which == "Closed")
        {
            id = await app.AccountOnAsync(Platform.Line);
            await app.CloseAsync(id);
        }
        else
        {
            id = await app.AccountOnAsync(Enum.Parse<Platform>(which));
        }
        var response = await (await app.ApiAsync("demo-head")).PutAsync($"/api/v1/accounts/{id}/connection", Json("""{"channelAccessToken":"t","channelSecret":"s"}"""));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Conflict, text);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(rule, problem.GetProperty("rule").GetString());
        Assert.Equal(message, problem.GetProperty("detail").GetString());
        Assert.False(await app.DbAsync(db => db.AccountConnections.AnyAsync(c => c.AccountId == id)));
    }

    [Fact]
    public async Task Delete_disconnects_removes_the_row_and_keeps_the_audit()
    {
        var id = await app.ConnectedAccountAsync(Platform.Line, new Dictionary<string, string?> { ["channelAccessToken"] = "t", ["channelSecret"] = "s" });
        var connectionId = await app.DbAsync(db => db.AccountConnections.Where(c => c.AccountId == id).Select(c => c.Id).SingleAsync());
        var head = await app.ApiAsync("demo-head");
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.ApiAsync("demo-operator")).DeleteAsync($"/api/v1/accounts/{id}/connection")).StatusCode);
        Assert.True(await app.DbAsync(db => db.AccountConnections.AnyAsync(c => c.AccountId == id)));

        Assert.Equal(HttpStatusCode.NoContent, (await head.DeleteAsync($"/api/v1/accounts/{id}/connection")).StatusCode);
        Assert.False(await app.DbAsync(db => db.AccountConnections.AnyAsync(c => c.AccountId == id)));
        var disconnected = await app.DbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.EntityId == connectionId.ToString() && e.Action == "connection.disconnected"));
        Assert.Equal("南 大地", disconnected.ActorName);
        Assert.Contains(id.ToString(), disconnected.Before, StringComparison.Ordinal);
        Assert.False((await head.GetFromJsonAsync<JsonElement>($"/api/v1/accounts/{id}/connection")).GetProperty("connected").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await head.DeleteAsync($"/api/v1/accounts/{id}/connection")).StatusCode);
    }

    [Fact]
    public async Task A_change_over_a_stale_ETag_is_refused()
    {
        var id = await app.AccountOnAsync(Platform.Facebook);
        var head = await app.ApiAsync("demo-head");
        var before = IfMatch.ETagOf(await head.GetAsync($"/api/v1/accounts/{id}/connection"));
        var body = new Dictionary<string, string> { ["pageId"] = "1", ["pageAccessToken"] = "t" };
        var first = await head.SendAsync(IfMatch.Request(HttpMethod.Put, $"/api/v1/accounts/{id}/connection", body, before));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await IfMatch.AssertConcurrencyAsync(await head.SendAsync(IfMatch.Request(HttpMethod.Put, $"/api/v1/accounts/{id}/connection", body, before)));
        await IfMatch.AssertConcurrencyAsync(await head.SendAsync(IfMatch.Request(HttpMethod.Delete, $"/api/v1/accounts/{id}/connection", null, before)));
        Assert.Equal(HttpStatusCode.NoContent, (await head.SendAsync(IfMatch.Request(HttpMethod.Delete, $"/api/v1/accounts/{id}/connection", null, IfMatch.ETagOf(first)))).StatusCode);
    }

    [Theory]
    [InlineData("", 401, 401, 401)]
    [InlineData("demo-admin", 403, 403, 403)]
    [InlineData("demo-operator2", 404, 403, 403)]
    [InlineData("demo-head2", 404, 404, 404)]
    [InlineData("demo-operator", 200, 403, 403)]
    [InlineData("demo-pr", 200, 403, 403)]
    [InlineData("demo-head", 200, 200, 204)]
    public async Task Who_may_read_change_and_disconnect(string user, int get, int put, int delete)
    {
        var id = await app.ConnectedAccountAsync(Platform.X, new Dictionary<string, string?> { ["accessToken"] = "t", ["userId"] = "1" });
        var client = user.Length == 0 ? app.Anonymous() : await app.ApiAsync(user);
        var url = $"/api/v1/accounts/{id}/connection";
        Assert.Equal(get, (int)(await client.GetAsync(url)).StatusCode);
        Assert.Equal(put, (int)(await client.PutAsync(url, Json("""{"accessToken":"t2","userId":"2"}"""))).StatusCode);
        var stored = await app.DbAsync(db => db.AccountConnections.AsNoTracking().SingleAsync(c => c.AccountId == id));
        Assert.Equal(put == 200 ? "2" : "1", stored.Public["userId"]);
        Assert.Equal(delete, (int)(await client.DeleteAsync(url)).StatusCode);
        Assert.Equal(delete != 204, await app.DbAsync(db => db.AccountConnections.AnyAsync(c => c.AccountId == id)));
        if (user.Length > 0 && get != 200)
        {
            Assert.Equal(get, (int)(await client.GetAsync($"/api/v1/accounts/{Guid.NewGuid()}/connection")).StatusCode);
        }
    }

    [Fact]
    public async Task A_connection_entered_as_the_head_answers_the_secrets_stored_by_name_only()
    {
        var id = await app.ConnectedAccountAsync(Platform.X, new Dictionary<string, string?> { ["accessToken"] = "only-access", ["userId"] = "7" });
        var json = await (await app.ApiAsync("demo-head")).GetFromJsonAsync<JsonElement>($"/api/v1/accounts/{id}/connection");
        Assert.Equal(["accessToken"], json.GetProperty("secretsStored").EnumerateArray().Select(s => s.GetString()));
        Assert.True(json.GetProperty("secretsReadable").GetBoolean());
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");
}
