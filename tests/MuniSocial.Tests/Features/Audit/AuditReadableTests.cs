using System.Net;
using Microsoft.EntityFrameworkCore;
using System.Text.RegularExpressions;
using MuniSocial.Features.Audit;
using MuniSocial.Infrastructure.Identity;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Audit;

/// <summary>Issue 13 item 9: /audit in Japanese — event names, who by name, what by name with a link, a before/after table.</summary>
public sealed partial class AuditReadableTests(AppFactory app) : IClassFixture<AppFactory>
{
    /// <summary>One-dot lowercase literals that are not audit actions: host names, file names and mail/form keys.</summary>
    private static bool IsNotAnAction(string first, string second) =>
        second is "com" or "to" or "ly" or "me" or "app" or "jp" or "gd" or "co" or "in" or "it" or "id" or "at" or "cc" or "am" or "bz"
            or "sc" or "nu" or "asia" or "be" or "gl" or "is" or "html" or "ttf" or "db" or "csv" or "json" or "php" or "mp" or "ee" or "gy" or "tt" or "dump" or "key" or "zip" or "svg" or "png" or "webp"
        || first is "digest" or "items"; // reminder kinds (ReminderRecord) and form field prefixes (AccountReview)

    [GeneratedRegex("\"([a-z][a-z0-9]*(?:-[a-z0-9]+)*)\\.([a-z][a-z0-9]*(?:-[a-z0-9]+)*)\"")]
    private static partial Regex DottedLiteral();

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MuniSocial.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("MuniSocial.slnx not found above the test binaries.");
    }

    [Fact]
    public void Every_action_code_written_in_the_sources_has_a_japanese_label()
    {
        var src = Path.Combine(RepositoryRoot(), "src");
        var codes = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => DottedLiteral().Matches(File.ReadAllText(f)).Select(m => (Code: m.Groups[1].Value + "." + m.Groups[2].Value, First: m.Groups[1].Value, Second: m.Groups[2].Value)))
            .Where(c => !IsNotAnAction(c.First, c.Second))
            .Select(c => c.Code)
            .Distinct()
            .ToList();
        // The collector finds the codes (a broken regex would pass every label check).
        Assert.Contains("post.approved", codes);
        Assert.Contains("organisation.unit-deleted", codes);
        Assert.True(codes.Count > 80, $"only {codes.Count} codes found");
        Assert.Equal([], codes.Where(c => !AuditLabels.HasLabel(c)).ToList());
        Assert.All(Enum.GetValues<SecurityEventKind>(), k => Assert.True(AuditLabels.HasLabel(SecurityEvents.ActionOf(k)), $"security kind {k} has no label"));
        // Every label is Japanese, none is the code itself.
        Assert.All(AuditLabels.Actions, a => Assert.DoesNotContain(a.Key, a.Value, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_approved_post_reads_in_japanese_with_names_links_and_a_before_after_table()
    {
        var account = await app.ListedAccountAsync(Given.Policy("監査表示テスト"));
        var longText = "監査の表示を確かめる投稿です。" + new string('長', 120);
        var post = await app.ApprovedPostAsync(account, longText);
        var head = await app.UserAsync("demo-head");

        var pr = await app.SignInAsync("demo-pr");
        var doc = await pr.GetDocumentAsync($"/audit?entityId={post}");
        var entry = doc.QuerySelectorAll("li.audit-entry").Single(li => li.GetAttribute("data-action") == "post.approved");
        Assert.Equal("投稿を承認", entry.QuerySelector("h2")!.TextContent.Trim());
        Assert.Equal(head.DisplayName, entry.QuerySelector(".audit-who")!.TextContent.Trim());
        var link = entry.QuerySelector(".audit-what a")!;
        Assert.Equal($"/posts/{post}", link.GetAttribute("href"));
        Assert.StartsWith("監査の表示を確かめる投稿です。", link.TextContent, StringComparison.Ordinal);
        Assert.Contains("投稿「", entry.QuerySelector(".audit-what")!.TextContent, StringComparison.Ordinal);

        // Only the fields that changed, in Japanese, state names as the post page says them; no JSON, no GUID shown as "who".
        var rows = entry.QuerySelectorAll("table.audit-changes tbody tr")
            .ToDictionary(r => r.QuerySelector("th")!.TextContent.Trim(), r => r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray());
        Assert.Equal(MuniSocial.Domain.Posts.Post.Label(MuniSocial.Domain.Posts.PostStatus.AwaitingApproval), rows["状態"][0]);
        Assert.Equal(MuniSocial.Domain.Posts.Post.Label(MuniSocial.Domain.Posts.PostStatus.Approved), rows["状態"][1]);
        Assert.DoesNotContain("本文", rows.Keys); // the text did not change on approval
        var visible = entry.QuerySelector("dl.summary-list")!.TextContent + entry.QuerySelector("table.audit-changes")!.TextContent;
        Assert.DoesNotContain("{", visible, StringComparison.Ordinal);
        Assert.DoesNotContain(head.Id, visible, StringComparison.Ordinal);

        // The creation shows the long text cut, the whole text behind details.
        var created = doc.QuerySelectorAll("li.audit-entry").Single(li => li.GetAttribute("data-action") == "post.created");
        var textRow = created.QuerySelectorAll("table.audit-changes tbody tr").Single(r => r.QuerySelector("th")!.TextContent.Trim() == "本文");
        var details = textRow.QuerySelectorAll("td")[1].QuerySelector("details")!;
        Assert.EndsWith("…", details.QuerySelector("summary")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal(longText, details.QuerySelector(".audit-change")!.TextContent);

        // The action filter lists names, not codes.
        var options = doc.QuerySelectorAll("select#action option").Select(o => o.TextContent).ToList();
        Assert.Contains("投稿を承認", options);
        Assert.DoesNotContain(options, o => o.Contains("post.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_user_an_entry_names_shows_by_name_and_login_name_and_one_no_longer_there_says_so_never_as_a_guid()
    {
        // A new user reads the guideline: the entry's 利用者 is that user (a user id in the snapshot).
        var user = await app.NewUserAsync();
        await app.SignInAndAcknowledgeAsync(user.UserName, Given.NewUserPassword);
        // An entry naming a user id that matches no user (the user is gone).
        var gone = Guid.NewGuid().ToString();
        var subject = Guid.NewGuid().ToString();
        await app.DbAsync(async db =>
        {
            db.AddAudit(new MuniSocial.Domain.Audit.AuditRecord("guideline.acknowledged", "GuidelineVersion", subject, "system", "テスト", app.Clock.GetUtcNow(), null,
                $$"""{"version":1,"userId":"{{gone}}","userName":"gone-user","guidelineRead":true}"""));
            await db.SaveChangesAsync();
        });

        var pr = await app.SignInAsync("demo-pr");
        static string UserRow(AngleSharp.Dom.IElement entry) => entry.QuerySelectorAll("table.audit-changes tbody tr")
            .Single(r => r.QuerySelector("th")!.TextContent.Trim() == "利用者").QuerySelectorAll("td")[1].TextContent.Trim();
        static string Visible(AngleSharp.Dom.IElement entry) => entry.QuerySelector("dl.summary-list")!.TextContent + entry.QuerySelector("table.audit-changes")!.TextContent;

        var read = (await pr.GetDocumentAsync($"/audit?action=guideline.acknowledged&user={user.UserName}")).QuerySelectorAll("li.audit-entry").Single();
        Assert.Equal($"{user.Name}（{user.UserName}）", UserRow(read));
        Assert.DoesNotContain(user.Id, Visible(read), StringComparison.OrdinalIgnoreCase);

        var deleted = (await pr.GetDocumentAsync($"/audit?entityId={subject}")).QuerySelectorAll("li.audit-entry").Single();
        Assert.Equal("（削除された利用者）", UserRow(deleted));
        Assert.DoesNotContain(gone, Visible(deleted), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Snapshots_become_rows_of_the_fields_that_differ()
    {
        var changes = AuditReadable.Changes("SocialAccount",
            """{"status":"Draft","accountName":"旧名","closedOn":null,"flag":true}""",
            """{"status":"Listed","accountName":"新名","closedOn":"2027-03-31","flag":true,"at":"2026-06-01T01:00:00+00:00"}""");
        Assert.Equal(
            [
                new AuditChange("状態", MuniSocial.Domain.Accounts.Labels.Of(MuniSocial.Domain.Accounts.AccountStatus.Draft), MuniSocial.Domain.Accounts.Labels.Of(MuniSocial.Domain.Accounts.AccountStatus.Listed)),
                new AuditChange("アカウント名", "旧名", "新名"),
                new AuditChange("運用終了日", "（なし）", "令和9年3月31日"),
                new AuditChange("日時", "", "令和8年6月1日 10:00"),
            ],
            changes);
        Assert.Equal([new AuditChange("内容", "有効", "無効")], AuditReadable.Changes("User", "有効", "無効"));
        Assert.Empty(AuditReadable.Changes("User", null, null));
    }

    [Fact]
    public async Task The_fields_of_the_entries_already_written_read_in_japanese()
    {
        // Entries of the usual work besides those of the start (demo data, the audit key): a post, a new user.
        await app.DraftPostAsync(await app.ListedAccountAsync());
        await app.NewUserAsync();
        var entries = await app.DbAsync(db => db.AuditEntries.AsNoTracking().ToListAsync());
        // The demo users' reading of the guideline is among them (guideline.acknowledged).
        Assert.Contains(entries, e => e.Action == "guideline.acknowledged");
        var raw = entries.SelectMany(e => AuditReadable.Changes(e.EntityType, e.Before, e.After).Select(c => $"{e.Action}: {c.Field}"))
            .Where(f => f.Split(": ")[1].All(char.IsAscii) && f.Split(": ")[1] is not ("URL" or "ID"))
            .Distinct().ToList();
        Assert.True(raw.Count == 0, "fields without a Japanese label: " + string.Join(", ", raw));
    }

    [Fact]
    public async Task The_audit_links_only_to_pages_its_reader_may_open()
    {
        var account = await app.ListedAccountAsync(Given.Policy("監査リンク確認"));
        var newUser = await app.NewUserAsync();
        var url = $"/audit?entityId={account}";
        // The PR office opens the account; the administrator, who may not, reads its name without a link.
        var pr = await (await app.SignInAsync("demo-pr")).GetDocumentAsync(url);
        Assert.NotNull(pr.QuerySelector($"main a[href='/accounts/{account}']"));
        var admin = await (await app.SignInAsync("demo-admin")).GetDocumentAsync(url);
        Assert.Contains("監査リンク確認", admin.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Null(admin.QuerySelector($"main a[href='/accounts/{account}']"));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.SignInAsync("demo-admin")).GetAsync($"/accounts/{account}")).StatusCode);
        // The other way round: a user's page is the administrator's, not the PR office's.
        var userUrl = $"/audit?entityId={newUser.Id}";
        Assert.NotNull((await (await app.SignInAsync("demo-admin")).GetDocumentAsync(userUrl)).QuerySelector($"main a[href^='/admin/users/']"));
        Assert.Null((await (await app.SignInAsync("demo-pr")).GetDocumentAsync(userUrl)).QuerySelector($"main a[href^='/admin/users/']"));
    }
}
