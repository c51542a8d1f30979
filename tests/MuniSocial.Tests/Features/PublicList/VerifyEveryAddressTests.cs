using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MuniSocial.Data;
using MuniSocial.Features.PublicList;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.PublicList;

/// <summary>
/// Issue 12 item 5 through the API and the page: verify reads the address as the platform does (platform and canonical
/// identity in the answer), says when an address is a page and no account, answers a look-alike handle with
/// <c>resembles</c>, takes an alternate address as official only once the PR office accepts the revision that adds it,
/// and keeps an account whose closing is requested official with <c>closing</c>.
/// </summary>
public sealed class VerifyEveryAddressTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    private static async Task<JsonElement> VerifyAsync(HttpClient client, string url) =>
        await client.GetFromJsonAsync<JsonElement>("/api/public/verify?url=" + Uri.EscapeDataString(url));

    [Fact]
    public async Task An_official_account_is_found_however_its_address_is_pasted_and_the_answer_names_platform_and_identity()
    {
        var handle = Unique("nyr_off_");
        var id = await app.ListedAccountAsync(Given.Policy("名寄市確認テスト（公式）", $"https://x.com/{handle}"));
        var client = app.Anonymous();
        foreach (var pasted in new[] { $"https://twitter.com/{handle.ToUpperInvariant()}?s=20&t=abc", $"mobile.twitter.com/{handle}/status/1862000000000000001", $"@{handle}" })
        {
            var answer = await VerifyAsync(client, pasted);
            Assert.True(answer.GetProperty("verdict").GetString() == "official", $"{pasted}: {answer}");
            Assert.Equal(id, answer.GetProperty("account").GetProperty("id").GetGuid());
            Assert.Equal("X", answer.GetProperty("platform").GetString());
            Assert.Equal($"x:{handle}", answer.GetProperty("identity").GetString());
            Assert.False(answer.GetProperty("closing").GetBoolean());
            Assert.Equal(JsonValueKind.Null, answer.GetProperty("resembles").ValueKind);
        }
        // The same handle on another platform is another account.
        Assert.Equal("unknown", (await VerifyAsync(client, $"https://www.instagram.com/{handle}/")).GetProperty("verdict").GetString());
        // A host spelled like the platform is not it.
        var evil = await VerifyAsync(client, $"https://x.com.evil.example/{handle}");
        Assert.Equal(("unknown", "Other"), (evil.GetProperty("verdict").GetString(), evil.GetProperty("platform").GetString()));
        Assert.Equal(JsonValueKind.Null, evil.GetProperty("resembles").ValueKind);
    }

    [Fact]
    public async Task A_page_of_a_platform_that_is_no_account_is_invalid_and_says_so()
    {
        var client = app.Anonymous();
        foreach (var url in new[] { "https://x.com/home", "https://www.instagram.com/p/C0abcDEFghi/", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.facebook.com/groups/123456789" })
        {
            var answer = await VerifyAsync(client, url);
            Assert.Equal("invalid", answer.GetProperty("verdict").GetString());
            Assert.Contains("アカウントのアドレスではありません", answer.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
        var page = await client.GetDocumentAsync("/verify?url=" + Uri.EscapeDataString("https://x.com/search?q=名寄"));
        Assert.NotNull(page.QuerySelector(".verdict-invalid"));
        Assert.Contains("これはアカウントのアドレスではありません", page.Text(), StringComparison.Ordinal);
        foreach (var url in new[] { "javascript:alert(1)", "data:text/html,<b>x</b>", new string('a', 600) })
        {
            Assert.Equal("invalid", (await VerifyAsync(client, url)).GetProperty("verdict").GetString());
        }
    }

    [Fact]
    public async Task A_look_alike_handle_is_unknown_and_names_the_official_account_it_resembles()
    {
        var handle = Unique("nyr_like_");
        var id = await app.ListedAccountAsync(Given.Policy("名寄市確認テスト（本物）", $"https://x.com/{handle}"));
        var client = app.Anonymous();
        // _ doubled, a digit for a letter, one inserted, two swapped (X handles have no "-": that look-alike is for other platforms).
        var lookAlikes = new[] { handle.Replace("_", "__", StringComparison.Ordinal), handle.Replace("nyr_like_", "nyr_1ike_", StringComparison.Ordinal), handle + "x", handle.Replace("nyr_like_", "nyr_lkie_", StringComparison.Ordinal) };
        foreach (var like in lookAlikes.Where(l => l != handle))
        {
            var answer = await VerifyAsync(client, $"https://x.com/{like}");
            Assert.True(answer.GetProperty("verdict").GetString() == "unknown", $"{like}: {answer}");
            var resembles = answer.GetProperty("resembles");
            Assert.True(resembles.ValueKind == JsonValueKind.Object, $"{like}: {answer}");
            Assert.Equal(id, resembles.GetProperty("id").GetGuid());
            Assert.Equal("名寄市確認テスト（本物）", resembles.GetProperty("accountName").GetString());
            Assert.Equal($"https://x.com/{handle}", resembles.GetProperty("accountUrl").GetString());
        }
        // Not across platforms, and not for a handle far from every official one.
        Assert.Equal(JsonValueKind.Null, (await VerifyAsync(client, $"https://www.tiktok.com/@{handle}x")).GetProperty("resembles").ValueKind);
        Assert.Equal(JsonValueKind.Null, (await VerifyAsync(client, "https://x.com/" + Unique("zzq_other_"))).GetProperty("resembles").ValueKind);

        var page = await client.GetDocumentAsync("/verify?url=" + Uri.EscapeDataString($"x.com/{handle}x"));
        Assert.Contains("名寄市の公式アカウント「名寄市確認テスト（本物）」に似ていますが、別のアカウントです。なりすましの可能性があります。", page.Text(), StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector($".verdict-resembles a[href='/policies/{id}']"));
    }

    [Fact]
    public async Task An_alternate_address_is_official_only_once_the_pr_office_accepts_the_revision_that_adds_it()
    {
        var handle = Unique("nyr_alt_");
        var oldHandle = Unique("zqold_");
        var id = await app.ListedAccountAsync(Given.Policy("名寄市確認テスト（旧名あり）", $"https://x.com/{handle}"));
        var client = app.Anonymous();
        Assert.Equal("unknown", (await VerifyAsync(client, $"https://twitter.com/{oldHandle}")).GetProperty("verdict").GetString());

        await app.SubmitRevisionAsync(id, c => c with { AlternateUrls = [$"https://twitter.com/{oldHandle}?s=20"] });
        // Submitted, not accepted: still not the city's.
        Assert.Equal("unknown", (await VerifyAsync(client, $"https://x.com/{oldHandle}")).GetProperty("verdict").GetString());
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>($"/api/public/accounts/{id}")).GetProperty("alternateUrls").EnumerateArray());

        var pr = await app.ActorAsync("demo-pr");
        await app.ChangeAccountAsync(id, (a, terms, now) => a.AcceptRevision(pr, terms, now));
        var answer = await VerifyAsync(client, $"x.com/{oldHandle}");
        Assert.Equal("official", answer.GetProperty("verdict").GetString());
        Assert.Equal(id, answer.GetProperty("account").GetProperty("id").GetGuid());
        Assert.Equal($"x:{oldHandle}", answer.GetProperty("identity").GetString());
        Assert.Equal([$"https://x.com/{oldHandle}"],
            (await client.GetFromJsonAsync<JsonElement>($"/api/public/accounts/{id}")).GetProperty("alternateUrls").EnumerateArray().Select(e => e.GetString()));
        var policy = await client.GetDocumentAsync($"/policies/{id}");
        Assert.Contains("この他のアドレス", policy.Text(), StringComparison.Ordinal);
        Assert.Contains($"https://x.com/{oldHandle}", policy.Text(), StringComparison.Ordinal);
        var page = await client.GetDocumentAsync("/verify?url=" + Uri.EscapeDataString($"@{oldHandle}"));
        Assert.NotNull(page.QuerySelector(".verdict-official"));
    }

    [Fact]
    public async Task Alternate_addresses_are_written_and_read_through_the_api_and_refused_when_they_name_another_account()
    {
        var handle = Unique("nyr_api_");
        var id = await app.DraftAccountAsync(Given.Policy("名寄市確認テスト（API）", $"https://x.com/{handle}"));
        var op = await app.ApiAsync("demo-operator");
        var body = ApiBody($"https://x.com/{handle}", [$"@{handle}_old", "https://lin.ee/AbCdEf1"]);
        var refused = await op.PutAsJsonAsync($"/api/v1/accounts/{id}/policy", body);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("alternateUrls", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var put = await op.PutAsJsonAsync($"/api/v1/accounts/{id}/policy", ApiBody($"https://x.com/{handle}", [$"@{handle}_old"]));
        Assert.Equal(System.Net.HttpStatusCode.OK, put.StatusCode);
        var detail = await op.GetFromJsonAsync<JsonElement>($"/api/v1/accounts/{id}");
        Assert.Equal([$"@{handle}_old"], detail.GetProperty("currentPolicy").GetProperty("alternateUrls").EnumerateArray().Select(e => e.GetString()));

        // The demo X account's address as an alternate of this one is a duplicate: the listing request is refused.
        await op.PutAsJsonAsync($"/api/v1/accounts/{id}/policy", ApiBody($"https://x.com/{handle}", ["https://twitter.com/Nayoro_Kanko_Demo"]));
        await app.DbAsync(async db =>
        {
            var account = await db.Accounts.Include(a => a.Policies).SingleAsync(a => a.Id == id);
            Assert.True(await db.IsUrlTakenAsync(account));
        });
    }

    [Fact]
    public async Task Alternate_addresses_are_entered_on_the_policy_form_one_a_line_and_a_wrong_one_is_named()
    {
        var op = await app.SignInAsync("demo-operator");
        var handle = Unique("nyr_form_");
        var wrong = await op.SubmitAsync("/accounts/new", StaffPages.FullPolicy("名寄市確認テスト（フォーム）", $"https://x.com/{handle}")
            .With("Input.AlternateUrls", "https://www.instagram.com/p/C0abcDEFghi/"));
        Assert.Equal(System.Net.HttpStatusCode.OK, wrong.StatusCode);
        var page = await Html.ParseAsync(wrong);
        Assert.Contains("この他のアドレス「https://www.instagram.com/p/C0abcDEFghi/」は、X（旧Twitter）のアカウントのアドレスとして読めません", page.Text(), StringComparison.Ordinal);

        var id = StaffPages.IdFromLocation(await op.SubmitAsync("/accounts/new", StaffPages.FullPolicy("名寄市確認テスト（フォーム）", $"https://x.com/{handle}")
            .With("Input.AlternateUrls", $"@{handle}_old\r\n\r\n  twitter.com/{handle}_older  ")));
        Assert.Equal([$"@{handle}_old", $"twitter.com/{handle}_older"], (await app.AccountAsync(id)).CurrentPolicy.AlternateUrls);
        var edit = await op.GetDocumentAsync($"/accounts/{id}/edit");
        Assert.Contains($"@{handle}_old", edit.QuerySelector("textarea[name='Input.AlternateUrls']")!.TextContent, StringComparison.Ordinal);
    }

    private static Dictionary<string, object?> ApiBody(string url, string[] alternates) => new()
    {
        ["platform"] = "X",
        ["accountName"] = "名寄市確認テスト（API）",
        ["accountUrl"] = url,
        ["alternateUrls"] = alternates,
        ["content"] = "テスト用の発信内容です。",
        ["purpose"] = "テストのため。",
        ["periodStart"] = "2025-04-01",
        ["periodEnd"] = "2027-03-31",
        ["hoursStart"] = "08:45",
        ["hoursEnd"] = "17:30",
        ["replyPolicy"] = "NoReply",
    };

    [Fact]
    public async Task An_account_whose_closing_is_requested_stays_official_and_says_it_is_closing()
    {
        var handle = Unique("nyr_end_");
        var id = await app.ListedAccountAsync(Given.Policy("名寄市確認テスト（終了予定）", $"https://x.com/{handle}"));
        var taken = await app.Services.GetRequiredService<IPublicSnapshotSource>().CurrentAsync();
        // Closing is filled by the public queries (削除依頼中); here the snapshot is given as it will be.
        var snapshot = taken with { Listed = [.. taken.Listed.Select(a => a.Id == id ? a with { Closing = true } : a)] };
        var result = Verification.Check($"https://twitter.com/{handle}", snapshot);
        Assert.Equal(("official", true, id), (result.Verdict, result.Closing, result.Account!.Id));
        Assert.Contains("運用終了の手続き中です", result.Message, StringComparison.Ordinal);
        var json = JsonSerializer.SerializeToElement(result, WebJson);
        Assert.True(json.GetProperty("closing").GetBoolean());
        // The same snapshot answers again from its index; another snapshot has its own.
        Assert.False(Verification.Check($"https://twitter.com/{handle}", taken).Closing);
        Assert.True(Verification.Check($"@{handle}", snapshot).Closing);
    }
}
