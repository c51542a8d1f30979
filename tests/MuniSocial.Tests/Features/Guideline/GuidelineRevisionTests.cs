using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Guideline;

/// <summary>A database of its own: publishing a new version makes every user confirm again, which would disturb other tests.</summary>
public sealed class GuidelineRevisionFactory : AppFactory;

/// <summary>§2: when the PR office registers a revised guideline, every staff user confirms it again from its effective date.</summary>
public sealed class GuidelineRevisionTests(GuidelineRevisionFactory app) : IClassFixture<GuidelineRevisionFactory>
{
    [Fact]
    public async Task A_new_version_published_by_the_pr_office_makes_everyone_confirm_again()
    {
        var v1 = await app.DbAsync(db => db.GuidelineVersions.AsNoTracking().SingleAsync());
        var pr = await app.SignInAsync("demo-pr");
        var op = await app.SignInAsync("demo-operator");
        Assert.Equal(HttpStatusCode.OK, (await op.GetAsync("/home")).StatusCode);

        // Bad input: each field named in Japanese, nothing saved.
        var form = await pr.GetDocumentAsync("/guideline/versions");
        var baseNumber = form.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name='Input.BaseNumber']")!.Value;
        Assert.Equal("1", baseNumber);
        var empty = await pr.PostFormAsync("/guideline/versions", new() { ["Input.BaseNumber"] = "1", ["Input.EffectiveFrom"] = "" }, formAction: "/guideline/versions");
        var text = (await Html.ParseAsync(empty)).Text();
        Assert.Contains("適用日を入力してください。", text, StringComparison.Ordinal);
        Assert.Contains("改訂の概要（変更点）を入力してください。", text, StringComparison.Ordinal);
        Assert.Contains("ガイドラインの全文を入力してください。", text, StringComparison.Ordinal);
        var early = await pr.PostFormAsync("/guideline/versions", new() { ["Input.BaseNumber"] = "1", ["Input.EffectiveFrom"] = "2026-05-31", ["Input.Summary"] = "変更", ["Input.Text"] = "新しい全文" }, formAction: "/guideline/versions");
        Assert.Contains("第1版の適用日（令和8年6月1日）以降の日付にしてください。", (await Html.ParseAsync(early)).Text(), StringComparison.Ordinal);
        var same = await pr.PostFormAsync("/guideline/versions", new() { ["Input.BaseNumber"] = "1", ["Input.EffectiveFrom"] = "2026-06-01", ["Input.Summary"] = "変更", ["Input.Text"] = v1.Text + "\r\n" }, formAction: "/guideline/versions");
        Assert.Contains("全文が第1版と同じです。", (await Html.ParseAsync(same)).Text(), StringComparison.Ordinal);
        var garbage = await pr.PostFormAsync("/guideline/versions", new() { ["Input.BaseNumber"] = "1", ["Input.EffectiveFrom"] = "令和8年", ["Input.Summary"] = "変更", ["Input.Text"] = "x" }, formAction: "/guideline/versions");
        Assert.Equal(HttpStatusCode.OK, garbage.StatusCode);
        Assert.Contains("適用日は 2026-04-01 の形式で入力してください。", (await Html.ParseAsync(garbage)).Text(), StringComparison.Ordinal);
        Assert.Equal(1, await app.DbAsync(db => db.GuidelineVersions.CountAsync()));

        var revised = v1.Text.Replace("就業時間中に利用してはならない。", "就業時間中に私的に利用してはならない。", StringComparison.Ordinal);
        Assert.NotEqual(v1.Text, revised);
        var ok = await pr.PostFormAsync("/guideline/versions", new() { ["Input.BaseNumber"] = "1", ["Input.EffectiveFrom"] = "2026-06-01", ["Input.Summary"] = "６(1)クの表現を改めた。", ["Input.Text"] = revised }, formAction: "/guideline/versions");
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var v2 = await app.DbAsync(db => db.GuidelineVersions.AsNoTracking().SingleAsync(v => v.Number == 2));
        Assert.Equal(new DateOnly(2026, 6, 1), v2.EffectiveFrom);
        var prActor = await app.ActorAsync("demo-pr");
        var audit = await app.DbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == "guideline.version-published" && e.EntityId == v2.Id.ToString()));
        Assert.Equal(prActor.UserId, audit.ActorId);
        Assert.Contains("\"number\":2", audit.After!, StringComparison.Ordinal);

        // Everyone — the operator, and the PR staff who published it — confirms version 2 before going on.
        var redirected = await op.GetAsync("/operations");
        Assert.Equal(HttpStatusCode.Redirect, redirected.StatusCode);
        Assert.StartsWith("/guideline/acknowledge", redirected.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await pr.GetAsync("/board")).StatusCode);
        var page = await op.GetDocumentAsync("/guideline/acknowledge");
        Assert.Contains("ガイドラインが改訂されました（第1版 → 第2版）", page.Text(), StringComparison.Ordinal);
        Assert.Contains("６(1)クの表現を改めた。", page.Text(), StringComparison.Ordinal);
        Assert.Contains("就業時間中に私的に利用してはならない", page.QuerySelector(".conduct-rules")!.TextContent, StringComparison.Ordinal);
        var token = await app.Anonymous().PostAsJsonAsync("/api/v1/auth/token", new { userName = "demo-operator", password = AppFactory.Password });
        Assert.Equal(HttpStatusCode.Forbidden, token.StatusCode);

        // The list shows them as not confirmed (they confirmed version 1 only).
        await AppFactory.AcknowledgeGuidelineAsync(pr);
        var list = await pr.GetDocumentAsync("/guideline/acknowledgements");
        var row = list.QuerySelectorAll("table.list tbody tr").Single(r => r.TextContent.Contains("demo-operator3", StringComparison.Ordinal));
        Assert.Contains("未確認", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("第1版", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("会計年度任用職員", row.TextContent, StringComparison.Ordinal);

        await AppFactory.AcknowledgeGuidelineAsync(op);
        Assert.Equal(HttpStatusCode.OK, (await op.GetAsync("/operations")).StatusCode);
        var acks = await app.DbAsync(db => db.GuidelineAcknowledgements.AsNoTracking().Where(a => a.UserName == "北 ひかり").OrderBy(a => a.VersionNumber).Select(a => a.VersionNumber).ToListAsync());
        Assert.Equal([1, 2], acks);
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().PostAsJsonAsync("/api/v1/auth/token", new { userName = "demo-operator", password = AppFactory.Password })).StatusCode);

        // A version registered ahead applies from its date: nothing changes until then.
        var future = await pr.PostFormAsync("/guideline/versions", new() { ["Input.BaseNumber"] = "2", ["Input.EffectiveFrom"] = "2026-06-03", ["Input.Summary"] = "７を追加した。", ["Input.Text"] = revised + "\n８ 附則\nこのガイドラインは、令和8年6月3日から適用する。" }, formAction: "/guideline/versions");
        Assert.Equal(HttpStatusCode.Redirect, future.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await op.GetAsync("/operations")).StatusCode);
        Assert.Contains("適用前", (await pr.GetDocumentAsync("/guideline/versions")).Text(), StringComparison.Ordinal);
        // Someone else's form opened before version 3 was registered is refused, not silently numbered.
        var stale = await pr.PostFormAsync("/guideline/versions", new() { ["Input.BaseNumber"] = "2", ["Input.EffectiveFrom"] = "2026-06-10", ["Input.Summary"] = "別の改訂", ["Input.Text"] = "別の全文" }, formAction: "/guideline/versions");
        Assert.Contains("他の職員がガイドラインの改訂を登録しました", (await Html.ParseAsync(stale)).Text(), StringComparison.Ordinal);

        app.Clock.Advance(TimeSpan.FromDays(2)); // this class's own database and clock; the sessions have expired
        op = await app.SignInAsync("demo-operator");
        var due = await op.GetAsync("/operations");
        Assert.Equal(HttpStatusCode.Redirect, due.StatusCode);
        Assert.StartsWith("/guideline/acknowledge", due.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var json = await (await ApiOfPrAsync(await app.SignInAsync("demo-pr"))).GetFromJsonAsync<JsonElement>("/api/v1/guideline/acknowledgements");
        Assert.Equal(3, json.GetProperty("currentVersion").GetProperty("number").GetInt32());
    }

    private async Task<HttpClient> ApiOfPrAsync(HttpClient prCookie)
    {
        await AppFactory.AcknowledgeGuidelineAsync(prCookie);
        return await app.ApiAsync("demo-pr");
    }
}
