using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using MuniSocial.Features.PublicList;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.PublicList;

/// <summary>
/// Issue 12 item 7, §5(3)ア/イ: the public side tells the truth at every stage of an account's life. Each stage — draft,
/// listing requested, listed, revision under review, revision accepted, closing requested (削除依頼中), closed, past its
/// 運用期間 — against every public answer: <c>/</c>, <c>/closed</c>, <c>/policies/{id}</c>, the JSON, the CSV and the feed.
/// An account is always on exactly one of the two lists once it was listed; a closing one stays the city's until the PR
/// office removes it.
/// </summary>
public sealed class PublicStagesTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string ClosedText = "このアカウントは令和8年6月1日に運用を終了しました。現在は名寄市の公式アカウントではありません。";
    private const string PastText = "運用期間（令和8年5月31日まで）を過ぎています。市が運用の継続または終了を確認中です。";

    private sealed record Stages(Guid Draft, Guid Requested, Guid Listed, Guid Pending, Guid Revised, Guid Closing, Guid Closed, Guid Past, Guid LastDay,
        string U, string ClosedHandle);

    /// <summary>One account at each stage, with names that carry the stage and a marker unique to the test.</summary>
    private async Task<Stages> StagesAsync()
    {
        var u = Guid.NewGuid().ToString("N")[..8];
        var draft = await app.DraftAccountAsync(Given.Policy($"段階・下書き{u}"));
        var requested = await app.DraftAccountAsync(Given.Policy($"段階・掲載依頼中{u}"));
        await app.RequestListingAsync(requested);
        var listed = await app.ListedAccountAsync(Given.Policy($"段階・掲載中{u}", $"https://x.com/Stage_Listed_{u}"));
        var pending = await app.ListedAccountAsync(Given.Policy($"段階・改訂審査中{u}"));
        await app.SubmitRevisionAsync(pending, p => p with { AccountName = $"段階・未承認の改訂{u}" });
        var revised = await app.ListedAccountAsync(Given.Policy($"段階・改訂前{u}"));
        await app.SubmitRevisionAsync(revised, p => p with { AccountName = $"段階・改訂済み{u}" });
        await app.AcceptRevisionAsync(revised);
        var closing = await app.ListedAccountAsync(Given.Policy($"段階・削除依頼中{u}", $"https://x.com/stage_closing_{u}"));
        await app.RequestDelistingAsync(closing, new DateOnly(2026, 5, 29));
        var closedHandle = $"stage_closed_{u}";
        var closed = await app.ListedAccountAsync(Given.Policy($"段階・運用終了{u}", $"https://x.com/{closedHandle}"));
        await app.CloseAsync(closed);
        // The clock is 2026-06-01 09:00 in Japan: a period that ended on 5/31 is past, one that ends today is not.
        var past = await app.ListedAccountAsync(Given.Policy($"段階・期間経過{u}") with { PeriodEnd = new DateOnly(2026, 5, 31) });
        var lastDay = await app.ListedAccountAsync(Given.Policy($"段階・本日まで{u}") with { PeriodEnd = new DateOnly(2026, 6, 1) });
        return new(draft, requested, listed, pending, revised, closing, closed, past, lastDay, u, closedHandle);
    }

    private static IElement? Row(IHtmlDocument list, string name) =>
        list.QuerySelectorAll("main tbody tr").SingleOrDefault(r => r.QuerySelector("th a")?.TextContent.Trim() == name);

    [Fact]
    public async Task Each_stage_shows_on_the_list_the_closed_list_and_the_policy_page_as_it_is()
    {
        var s = await StagesAsync();
        var client = app.Anonymous();
        var list = await client.GetDocumentAsync("/");
        var closedList = (await client.GetDocumentAsync("/closed")).Text();

        // Never public: draft and listing requested; nor a revision the PR office has not accepted.
        foreach (var hidden in new[] { $"段階・下書き{s.U}", $"段階・掲載依頼中{s.U}", $"段階・未承認の改訂{s.U}", $"段階・改訂前{s.U}" })
        {
            Assert.DoesNotContain(hidden, list.Text());
            Assert.DoesNotContain(hidden, closedList);
        }
        foreach (var id in new[] { s.Draft, s.Requested })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/policies/{id}")).StatusCode);
        }

        // Listed, under revision, revised, past period, last day: on the list without a closing tag.
        foreach (var name in new[] { "掲載中", "改訂審査中", "改訂済み", "期間経過", "本日まで" })
        {
            var row = Row(list, $"段階・{name}{s.U}");
            Assert.True(row is not null, $"{name} is not on the list");
            Assert.Null(row!.QuerySelector(".status"));
            Assert.DoesNotContain($"段階・{name}{s.U}", closedList);
        }

        // Closing requested: still on the list (not on /closed), tagged, with the date the section gave.
        var closing = Row(list, $"段階・削除依頼中{s.U}");
        Assert.NotNull(closing);
        Assert.Equal("運用終了の手続き中", closing!.QuerySelector(".status")!.TextContent.Trim());
        Assert.Contains("令和8年5月29日に運用を終了したとの届出があり", closing.TextContent);
        Assert.DoesNotContain($"段階・削除依頼中{s.U}", closedList);
        var closingPage = await client.GetDocumentAsync($"/policies/{s.Closing}");
        Assert.Contains("運用終了の手続き中", closingPage.QuerySelector("main h1")!.TextContent);
        Assert.Contains("令和8年5月29日", closingPage.QuerySelector("#account-state")!.TextContent);

        // Past 運用期間: the list and the policy page say so; the last day of the period is not past.
        Assert.Contains(PastText, Row(list, $"段階・期間経過{s.U}")!.TextContent);
        Assert.Contains(PastText, (await client.GetDocumentAsync($"/policies/{s.Past}")).QuerySelector("#account-state")!.TextContent);
        Assert.DoesNotContain("運用期間（", Row(list, $"段階・本日まで{s.U}")!.TextContent);
        Assert.Null((await client.GetDocumentAsync($"/policies/{s.LastDay}")).QuerySelector("#account-state"));
        Assert.Null((await client.GetDocumentAsync($"/policies/{s.Listed}")).QuerySelector("#account-state"));

        // Closed: off the list, on /closed; its old policy link says when it closed, with the address as text only.
        Assert.Null(Row(list, $"段階・運用終了{s.U}"));
        Assert.Contains($"段階・運用終了{s.U}", closedList);
        var response = await client.GetAsync($"/policies/{s.Closed}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var closedPage = await Html.ParseAsync(response);
        var main = closedPage.QuerySelector("main")!;
        Assert.Contains(ClosedText, main.TextContent);
        Assert.Contains($"段階・運用終了{s.U}", main.QuerySelector("h1")!.TextContent);
        Assert.Contains("X（旧Twitter）", main.TextContent);
        Assert.Contains($"https://x.com/{s.ClosedHandle}", main.TextContent);
        Assert.DoesNotContain(main.QuerySelectorAll("a"), a => (a.GetAttribute("href") ?? "").Contains(s.ClosedHandle, StringComparison.Ordinal));
        Assert.NotNull(main.QuerySelector("a[href='/']"));
        Assert.NotNull(main.QuerySelector("a[href='/verify']"));
        Assert.DoesNotContain("運用ポリシーの内容", main.TextContent);

        // A closing account is still official to verify.
        var verdict = await client.GetFromJsonAsync<JsonElement>($"/api/public/verify?url=https://x.com/stage_closing_{s.U}");
        Assert.Equal("official", verdict.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task Each_stage_shows_in_the_json_the_csv_and_the_feed_as_it_is()
    {
        var s = await StagesAsync();
        var client = app.Anonymous();

        var accounts = (await client.GetFromJsonAsync<JsonElement>("/api/public/accounts")).EnumerateArray()
            .ToDictionary(a => a.GetProperty("id").GetGuid());
        foreach (var id in new[] { s.Draft, s.Requested, s.Closed })
        {
            Assert.False(accounts.ContainsKey(id));
        }
        foreach (var id in new[] { s.Listed, s.Pending, s.Revised, s.Past, s.LastDay })
        {
            Assert.False(accounts[id].GetProperty("closing").GetBoolean());
            Assert.Equal(JsonValueKind.Null, accounts[id].GetProperty("closingOn").ValueKind);
        }
        Assert.True(accounts[s.Closing].GetProperty("closing").GetBoolean());
        Assert.Equal("2026-05-29", accounts[s.Closing].GetProperty("closingOn").GetString());
        Assert.True(accounts[s.Past].GetProperty("periodEnded").GetBoolean());
        Assert.False(accounts[s.LastDay].GetProperty("periodEnded").GetBoolean());
        Assert.False(accounts[s.Listed].GetProperty("periodEnded").GetBoolean());
        Assert.Equal($"段階・改訂審査中{s.U}", accounts[s.Pending].GetProperty("accountName").GetString());
        Assert.Equal($"段階・改訂済み{s.U}", accounts[s.Revised].GetProperty("accountName").GetString());

        // One account: a closing one is 200 with the flag; a closed one 410 with when it closed; never public 404.
        var one = await client.GetFromJsonAsync<JsonElement>($"/api/public/accounts/{s.Closing}");
        Assert.True(one.GetProperty("closing").GetBoolean());
        var gone = await client.GetAsync($"/api/public/accounts/{s.Closed}");
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Equal("application/problem+json", gone.Content.Headers.ContentType?.MediaType);
        var problem = await gone.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("2026-06-01", problem.GetProperty("closedOn").GetString());
        Assert.Equal($"段階・運用終了{s.U}", problem.GetProperty("accountName").GetString());
        Assert.Equal(ClosedText, problem.GetProperty("detail").GetString());
        foreach (var id in new[] { s.Draft, s.Requested, Guid.NewGuid() })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/public/accounts/{id}")).StatusCode);
        }

        // CSV: one row per account on the list, closing ones included and flagged; links absolute on the request's host
        // (no PublicSite:BaseUrl here).
        var rows = PublicOpenDataTests.ReadCsv(await client.GetByteArrayAsync("/api/public/accounts.csv"));
        var byPolicyUrl = rows.Skip(1).ToDictionary(r => r[8]);
        string[] CsvRow(Guid id) => byPolicyUrl[$"http://localhost/policies/{id}"];
        foreach (var id in new[] { s.Draft, s.Requested, s.Closed })
        {
            Assert.False(byPolicyUrl.ContainsKey($"http://localhost/policies/{id}"));
        }
        Assert.Equal(new[] { "はい", "いいえ" }, CsvRow(s.Closing)[9..11]);
        Assert.Equal(new[] { "いいえ", "はい" }, CsvRow(s.Past)[9..11]);
        Assert.Equal(new[] { "いいえ", "いいえ" }, CsvRow(s.LastDay)[9..11]);
        Assert.Equal($"段階・改訂済み{s.U}", CsvRow(s.Revised)[0]);
        Assert.Equal($"段階・改訂審査中{s.U}", CsvRow(s.Pending)[0]);
        Assert.Equal($"https://x.com/stage_listed_{s.U}", CsvRow(s.Listed)[2]);

        // Feed: listing, accepted revision, closing request and closing; nothing of the draft, the request or the revision under review.
        var feed = PublicOpenDataTests.ReadFeed(await client.GetByteArrayAsync("/api/public/feed.atom"));
        var ids = feed.Items.Select(i => i.Id).ToHashSet();
        string Tag(string key) => $"tag:localhost,2026:munisocial/{key}";
        Assert.Contains(Tag($"account/{s.Listed}/listed"), ids);
        Assert.Contains(Tag($"account/{s.Revised}/policy/2"), ids);
        Assert.DoesNotContain(Tag($"account/{s.Pending}/policy/2"), ids);
        Assert.Contains(Tag($"account/{s.Closing}/closing"), ids);
        Assert.DoesNotContain(Tag($"account/{s.Closing}/closed"), ids);
        Assert.Contains(Tag($"account/{s.Closed}/closing"), ids);
        Assert.Contains(Tag($"account/{s.Closed}/closed"), ids);
        Assert.DoesNotContain(feed.Items, i => i.Id.Contains(s.Draft.ToString(), StringComparison.Ordinal) || i.Id.Contains(s.Requested.ToString(), StringComparison.Ordinal));
        var closedEntry = feed.Items.Single(i => i.Id == Tag($"account/{s.Closed}/closed"));
        Assert.Equal($"運用終了：段階・運用終了{s.U}（X（旧Twitter））", closedEntry.Title.Text);
        Assert.Equal(new Uri($"http://localhost/policies/{s.Closed}"), closedEntry.Links.Single().Uri);
        Assert.Contains("closed", closedEntry.Categories.Select(c => c.Name));
    }

    [Fact]
    public async Task Closing_requested_during_a_revision_stays_listed_with_the_accepted_policy_until_the_pr_office_closes_it()
    {
        var u = Guid.NewGuid().ToString("N")[..8];
        var id = await app.ListedAccountAsync(Given.Policy($"改訂中に終了・公開版{u}"));
        await app.SubmitRevisionAsync(id, p => p with { AccountName = $"改訂中に終了・改訂案{u}" });
        await app.RequestDelistingAsync(id);
        var client = app.Anonymous();

        var row = Row(await client.GetDocumentAsync("/"), $"改訂中に終了・公開版{u}");
        Assert.Equal("運用終了の手続き中", row!.QuerySelector(".status")!.TextContent.Trim());
        var one = await client.GetFromJsonAsync<JsonElement>($"/api/public/accounts/{id}");
        Assert.True(one.GetProperty("closing").GetBoolean());
        Assert.Equal(1, one.GetProperty("policyVersion").GetInt32());
        Assert.DoesNotContain($"改訂中に終了・改訂案{u}", await client.GetStringAsync("/"));
        Assert.DoesNotContain($"改訂中に終了・公開版{u}", (await client.GetDocumentAsync("/closed")).Text());

        // The PR office closes it: off the list, on /closed, in the same moment — never on neither.
        await app.DelistAsync(id);
        Assert.Null(Row(await client.GetDocumentAsync("/"), $"改訂中に終了・公開版{u}"));
        Assert.Contains($"改訂中に終了・公開版{u}", (await client.GetDocumentAsync("/closed")).Text());
    }

    [Fact]
    public async Task Period_ended_is_measured_against_the_snapshots_japan_date()
    {
        var s = await StagesAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var queries = scope.ServiceProvider.GetRequiredService<PublicQueries>();

        // 23:59:59 on 6/1 in Japan the period that ends on 6/1 has not ended; at 0:00 on 6/2 it has.
        var lastMoment = new DateTimeOffset(2026, 6, 1, 14, 59, 59, TimeSpan.Zero);
        var before = await queries.SnapshotAsync(lastMoment);
        var after = await queries.SnapshotAsync(lastMoment.AddSeconds(1));
        Assert.Equal(new DateOnly(2026, 6, 1), before.Date);
        Assert.Equal(new DateOnly(2026, 6, 2), after.Date);
        Assert.False(before.FindListed(s.LastDay)!.PeriodEnded);
        Assert.True(after.FindListed(s.LastDay)!.PeriodEnded);
        Assert.True(before.FindListed(s.Past)!.PeriodEnded);

        // Whoever keeps a snapshot (the serve branch's refresh) asks it whether the Japan date moved on.
        Assert.False(before.IsOutdatedAt(new DateTimeOffset(2026, 5, 31, 15, 0, 0, TimeSpan.Zero)));
        Assert.True(before.IsOutdatedAt(lastMoment.AddSeconds(1)));
        Assert.Equal(new DateOnly(2026, 6, 2), PublicSnapshot.JapanDate(lastMoment.AddSeconds(1)));
    }
}
