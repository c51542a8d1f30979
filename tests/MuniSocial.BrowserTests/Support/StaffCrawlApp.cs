using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MuniSocial.Data;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Publishing;
using static Microsoft.Playwright.Assertions;

namespace MuniSocial.BrowserTests.Support;

/// <summary>
/// A server of its own for the staff pages' crawl (<see cref="StaffPageStates"/>): the demo data (an account at each
/// stage — draft, listing requested, listed, closing requested, closed —, comments, a closed and an open incident,
/// access holders, reviews) plus what the demo lacks, made as staff would: a post draft, an unapproved post found by
/// the watch (written as the watch writes it), a publishing pause on one account. <see cref="Ids"/> holds the ids the
/// states' addresses need.
/// </summary>
public sealed class StaffCrawlApp : BrowserApp
{
    public const string Listed = "名寄市観光情報（デモ）";
    public const string Requested = "名寄市観光動画チャンネル（デモ）";
    public const string Draft = "なよろ もち米の里（デモ・作成中）";
    public const string Closing = "名寄ピヤシリスキー場（デモ）";
    public const string Closed = "なよろひまわりまつり（デモ・旧）";
    public const string Paused = "なよろ子育て応援（デモ）";
    public const string EmptyDepartment = "クロール確認部";

    public StaffIds Ids { get; private set; } = null!;

    /// <summary>Starts the server and the browser, then seeds.</summary>
    public async Task StartAsync()
    {
        await InitializeAsync();
        var op = await SignedInPageAsync("demo-operator");
        await op.GotoAsync("/posts/new");
        await op.GetByLabel("発信するアカウント（掲載中のもの）", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = Listed });
        await op.GetByLabel("本文", new() { Exact = true }).FillAsync("名寄市の冬まつりを2月に開催します。\n会場: 名寄市スポーツセンター\n詳しくは市のホームページをご覧ください。");
        await op.GetByRole(AriaRole.Button, new() { Name = "下書きを保存して内容をチェックする" }).ClickAsync();
        await op.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/posts/[0-9a-f-]{36}$"));
        var post = Guid.Parse(op.Url.Split('/')[^1]);
        await op.Context.CloseAsync();

        var pr = await SignedInPageAsync("demo-pr");
        await pr.GotoAsync("/publishing-pause");
        await pr.GetByLabel("対象のアカウント").SelectOptionAsync(new SelectOptionValue { Label = Paused });
        await pr.GetByLabel("理由").FillAsync("クロールの確認のため、子育て応援の発信だけを止める。");
        await pr.GetByRole(AriaRole.Button, new() { Name = "発信を一時停止する" }).ClickAsync();
        await Expect(pr.GetByRole(AriaRole.Button, new() { Name = "一時停止を解除する" })).ToBeVisibleAsync();
        await pr.Context.CloseAsync();

        // An empty department, added as the admin would: the delete check page with its button.
        var admin = await SignedInPageAsync("demo-admin");
        await admin.GotoAsync("/admin/organisation/departments/new");
        await admin.GetByLabel("部の名称", new() { Exact = true }).FillAsync(EmptyDepartment);
        await admin.GetByRole(AriaRole.Button, new() { Name = "部を追加する" }).ClickAsync();
        await admin.WaitForURLAsync("**/admin/organisation");
        await admin.Context.CloseAsync();

        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var accounts = (await db.Accounts.AsNoTracking().ToListAsync())
            .GroupBy(a => a.CurrentPolicy.AccountName ?? "").ToDictionary(g => g.Key, g => g.First());
        var listed = accounts[Listed];
        var now = DateTimeOffset.UtcNow;
        var observed = ObservedPost.Create(listed.Id, listed.SectionId, Platform.X,
            new ObservedInput("1900000000000000001", "https://x.com/nayoro_kanko_demo/status/1900000000000000001", "市が承認していない、身に覚えのない投稿です。", now),
            ObservedVerdict.Unapproved, null, null, now);
        db.ObservedPosts.Add(observed);
        await db.SaveChangesAsync();

        var incidents = await db.Incidents.AsNoTracking().ToListAsync();
        Ids = new StaffIds(
            Listed: listed.Id,
            Requested: accounts[Requested].Id,
            Draft: accounts.Values.Single(a => a.Status == AccountStatus.Draft).Id,
            Closing: accounts[Closing].Id,
            Closed: accounts[Closed].Id,
            Post: post,
            Comment: (await db.Comments.AsNoTracking().Where(c => c.AccountId == listed.Id).Select(c => c.Id).ToListAsync())[0],
            OpenIncident: incidents.Single(i => i.Status == Domain.Incidents.IncidentStatus.Open).Id,
            ClosedIncident: incidents.First(i => i.Status != Domain.Incidents.IncidentStatus.Open).Id,
            Pause: (await db.PublishingPauses.AsNoTracking().Select(p => p.Id).ToListAsync())[0],
            Unapproved: observed.Id,
            Operator: (await db.Users.AsNoTracking().SingleAsync(u => u.UserName == "demo-operator")).Id,
            Section: listed.SectionId,
            Department: await db.Sections.AsNoTracking().Where(s => s.Id == listed.SectionId).Select(s => s.DepartmentId).SingleAsync(),
            Unit: await db.Units.AsNoTracking().Where(u => u.SectionId == listed.SectionId).Select(u => u.Id).FirstAsync(),
            EmptyDepartment: await db.Departments.AsNoTracking().Where(d => d.Name == EmptyDepartment).Select(d => d.Id).SingleAsync());
    }
}

/// <summary>The ids the staff states open.</summary>
public sealed record StaffIds(Guid Listed, Guid Requested, Guid Draft, Guid Closing, Guid Closed, Guid Post, Guid Comment,
    Guid OpenIncident, Guid ClosedIncident, Guid Pause, Guid Unapproved, string Operator,
    Guid Section, Guid Department, Guid Unit, Guid EmptyDepartment);

/// <summary>The class fixture: one <see cref="StaffCrawlApp"/>, started and seeded once for the crawl's tests.</summary>
public sealed class StaffCrawlApps : IAsyncLifetime
{
    private StaffCrawlApp? _app;

    public StaffCrawlApp App => _app ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        _app = new StaffCrawlApp();
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await ((IAsyncLifetime)_app).DisposeAsync();
        }
    }
}
