using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using MuniSocial.Domain.Notifications;
using MuniSocial.Domain.Posts;
using MuniSocial.Features.Notifications;
using MuniSocial.Infrastructure.Email;
using MuniSocial.Tests.Features.Incidents;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Notifications;

/// <summary>
/// Issue 13 item 2: a hand-off reaches the next people by e-mail through the outbox (the SMTP sink), once per occasion,
/// with a link to the exact page that opens for the recipient.
/// </summary>
public sealed class HandOffMailTests(SmtpAppFactory app) : IClassFixture<SmtpAppFactory>
{
    private const string LinkBase = "https://social.test";

    private static string Uid() => Guid.NewGuid().ToString("N")[..8];

    private static string Address(string userName) => $"{userName}@demo.munisocial.invalid";

    /// <summary>Waits (up to 60 s) for <paramref name="count"/> mails whose subject starts so and whose body links <paramref name="link"/>; fails with the outbox's state.</summary>
    private async Task<List<MimeMessage>> MailsAsync(string subjectStart, string link, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var found = app.Mail.Messages().Where(m => (m.Subject ?? "").StartsWith(subjectStart, StringComparison.Ordinal)
                && (m.TextBody ?? "").ReplaceLineEndings("\n").Contains(LinkBase + link + "\n", StringComparison.Ordinal)).ToList();
            if (found.Count >= count)
            {
                return found;
            }
            if (DateTime.UtcNow > deadline)
            {
                var outbox = await app.DbAsync(db => db.OutboxMails.AsNoTracking().Where(m => m.Body.Contains(link)).Select(m => $"{m.Subject} → {m.To} attempts {m.Attempts} sent {m.SentAt != null} {m.LastError}").ToListAsync());
                Assert.Fail($"after 60 s: {found.Count} of {count} mails「{subjectStart}」 with {link}; outbox: {string.Join(" / ", outbox)}");
            }
            await Task.Delay(200);
        }
    }

    private static List<string> To(IEnumerable<MimeMessage> mails) => [.. mails.Select(m => m.To.Mailboxes.Single().Address).Order(StringComparer.Ordinal)];

    /// <summary>Waits until every outbox mail of the occasion is sent, so that "nobody else got one" is final.</summary>
    private async Task<List<OutboxMail>> SentAsync(string topic, int count) =>
        await MailPolling.WaitForAsync(() => app.DbAsync(db => db.OutboxMails.AsNoTracking().Where(m => m.Topic == topic && m.SentAt != null).ToListAsync()), count);

    private async Task<int> VersionAsync(Guid post) => await app.DbAsync(db => db.Posts.Where(p => p.Id == post).Select(p => p.Version).SingleAsync());

    [Fact]
    public async Task A_post_goes_to_the_colleagues_for_its_check_then_to_the_head_then_back_to_the_author_each_with_a_working_link()
    {
        var account = await app.ListedAccountAsync(Given.Policy($"引継ぎ{Uid()}"));
        var post = await app.AwaitingCheckPostAsync(account, $"引き継ぎの投稿 {Uid()}");
        var url = $"/posts/{post}";

        // Awaiting a colleague's check → the section's other operators (demo-operator4 moved to another section), not the author.
        var check = await MailsAsync("【投稿の確認のお願い】", url, 1);
        Assert.Equal([Address("demo-operator3")], To(check));
        await SentAsync(HandOffMails.Key(MailKind.PostAwaitingCheck, post, await VersionAsync(post)), 1);
        Assert.Equal(1, app.Mail.Messages().Count(m => (m.Subject ?? "").StartsWith("【投稿の確認のお願い】", StringComparison.Ordinal) && (m.TextBody ?? "").Contains(url, StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.OK, (await (await app.SignInAsync("demo-operator3")).GetAsync(url)).StatusCode);

        // Checked → awaiting the head's 了承 → the section's head.
        var colleague = await app.ActorAsync("demo-operator3");
        await app.ChangePostAsync(post, (p, now) => p.Review(colleague, ReviewDecision.Approve, null, [], now));
        var approval = await MailsAsync("【了承のお願い】", url, 1);
        Assert.Equal([Address("demo-head")], To(approval));
        Assert.Contains("所属長の了承を待っています", approval[0].TextBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await (await app.SignInAsync("demo-head")).GetAsync(url)).StatusCode);

        // Sent back by the head → the author, with the reason.
        var head = await app.ActorAsync("demo-head");
        await app.ChangePostAsync(post, (p, now) => p.Review(head, ReviewDecision.SendBack, "写真の説明を加えてください。", [], now));
        var back = await MailsAsync("【差戻し】", url, 1);
        Assert.Equal([Address("demo-operator")], To(back));
        Assert.Contains("写真の説明を加えてください。", back[0].TextBody, StringComparison.Ordinal);
        Assert.Contains($"{LinkBase}/me/notifications", back[0].TextBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await (await app.SignInAsync("demo-operator")).GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task An_approved_post_is_told_to_its_author()
    {
        var account = await app.ListedAccountAsync(Given.Policy($"了承{Uid()}"));
        var post = await app.ApprovedPostAsync(account, $"了承される投稿 {Uid()}");
        var mails = await MailsAsync("【了承】", $"/posts/{post}", 1);
        Assert.Equal([Address("demo-operator")], To(mails));
        Assert.Contains("南 大地 さんが投稿を了承しました", mails[0].TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_listing_request_goes_to_the_pr_office_and_the_listing_to_the_section_with_the_issued_form3_linked()
    {
        var account = await app.DraftAccountAsync(Given.Policy($"掲載{Uid()}"));
        var draft = await MailsAsync("【掲載依頼の準備】", $"/accounts/{account}", 1);
        Assert.Equal([Address("demo-head")], To(draft));

        await app.RequestListingAsync(account);
        var request = await MailsAsync("【審査のお願い】掲載依頼（様式2）", $"/review/{account}", 2);
        Assert.Equal([Address("demo-pr2"), Address("demo-pr")], To(request)); // ordinal: '2' < '@'
        Assert.Equal(HttpStatusCode.OK, (await (await app.SignInAsync("demo-pr")).GetAsync($"/review/{account}")).StatusCode);

        await app.ListAsync(account);
        var form3 = await app.DbAsync(db => db.IssuedDocuments.AsNoTracking().SingleAsync(d => d.AccountId == account && d.Form == MuniSocial.Domain.Forms.FormKind.Form3));
        var link = $"/accounts/{account}/documents/{form3.Id}.pdf";
        var listed = await MailsAsync("【掲載】", link, 3);
        Assert.Equal([Address("demo-head"), Address("demo-operator3"), Address("demo-operator")], To(listed)); // ordinal: '3' < '@'
        Assert.Contains("掲載通知書（様式3）", listed[0].TextBody, StringComparison.Ordinal);
        var pdf = await (await app.SignInAsync("demo-operator3")).GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_closing_request_goes_to_the_pr_office_and_the_closing_to_the_section_with_form5_linked()
    {
        var account = await app.ListedAccountAsync(Given.Policy($"削除{Uid()}"));
        await app.RequestDelistingAsync(account);
        await MailsAsync("【審査のお願い】削除依頼（様式4）", $"/review/{account}", 2);
        await app.DelistAsync(account);
        var form5 = await app.DbAsync(db => db.IssuedDocuments.AsNoTracking().SingleAsync(d => d.AccountId == account && d.Form == MuniSocial.Domain.Forms.FormKind.Form5));
        var closed = await MailsAsync("【削除】", $"/accounts/{account}/documents/{form5.Id}.pdf", 2);
        Assert.Contains(Address("demo-operator"), To(closed));
        Assert.Equal(HttpStatusCode.OK, (await (await app.SignInAsync("demo-operator")).GetAsync($"/accounts/{account}/documents/{form5.Id}.pdf")).StatusCode);
    }

    [Fact]
    public async Task The_same_occasion_seen_twice_in_a_save_is_mailed_once()
    {
        var account = await app.ListedAccountAsync(Given.Policy($"一度{Uid()}"));
        var post = await app.AwaitingApprovalPostAsync(account, $"一度だけの投稿 {Uid()}");
        var head = await app.ActorAsync("demo-head");
        var version = 0;
        await app.DbAsync(async db =>
        {
            var loaded = await db.Posts.Include(p => p.Rounds).Include(p => p.Reviews).Include(p => p.Media).SingleAsync(p => p.Id == post);
            loaded.Review(head, ReviewDecision.Approve, null, [], app.Clock.GetUtcNow());
            version = loaded.Version;
            // The step runs here by hand, and once more inside the save: the second run finds the occasion already queued.
            await new HandOffMails(Options.Create(new SmtpOptions { LinkBase = LinkBase })).BeforeAuditAsync(db, default);
            await db.SaveChangesAsync();
        });
        var topic = HandOffMails.Key(MailKind.PostApproved, post, version);
        var sent = await SentAsync(topic, 1);
        Assert.Single(sent);
        Assert.Equal(1, await app.DbAsync(db => db.OutboxMails.CountAsync(m => m.Topic == topic)));
    }
}

/// <summary>Each person can turn hand-off mails off (/me/notifications); the trouble mails still arrive.</summary>
public sealed class HandOffOptOutTests(SmtpAppFactory app) : IClassFixture<SmtpAppFactory>
{
    private static string Address(string userName) => $"{userName}@demo.munisocial.invalid";

    private static Dictionary<string, string> Wanted(params MailKind[] on) =>
        on.Select((k, i) => (k, i)).ToDictionary(x => $"On[{x.i}]", x => x.k.ToString());

    [Fact]
    public async Task An_opted_out_colleague_gets_no_check_request_while_the_others_do()
    {
        var colleague = await app.NewUserAsync(section: "営業戦略室");
        var client = await app.SignInAndAcknowledgeAsync(colleague.UserName, Given.NewUserPassword);
        var page = await client.GetDocumentAsync("/me/notifications");
        Assert.True(page.QuerySelector("#kind-Incident")!.HasAttribute("disabled"));
        Assert.Contains("止められません", page.Text(), StringComparison.Ordinal);
        var saved = await client.PostFormAsync("/me/notifications", Wanted([.. MailKinds.All.Where(k => MailKinds.CanTurnOff(k) && k != MailKind.PostAwaitingCheck)]),
            formAction: "/me/notifications");
        StaffPages.AssertRedirect(saved, "/me/notifications");
        page = await client.GetDocumentAsync("/me/notifications");
        Assert.False(page.QuerySelector("#kind-PostAwaitingCheck")!.HasAttribute("checked"));
        Assert.True(page.QuerySelector("#kind-PostApproved")!.HasAttribute("checked"));

        var account = await app.ListedAccountAsync(Given.Policy($"停止{Guid.NewGuid().ToString("N")[..6]}"));
        var post = await app.AwaitingCheckPostAsync(account, "通知を止めた人には届かない投稿");
        var version = await app.DbAsync(db => db.Posts.Where(p => p.Id == post).Select(p => p.Version).SingleAsync());
        var topic = HandOffMails.Key(MailKind.PostAwaitingCheck, post, version);
        await MailPolling.WaitForAsync(() => app.DbAsync(db => db.OutboxMails.AsNoTracking().Where(m => m.Topic == topic && m.SentAt != null).ToListAsync()), 1);
        var mails = app.Mail.Messages().Where(m => (m.TextBody ?? "").Contains($"/posts/{post}", StringComparison.Ordinal)).ToList();
        Assert.Equal([Address("demo-operator3")], mails.Select(m => m.To.Mailboxes.Single().Address).ToList());
        Assert.Equal(1, await app.DbAsync(db => db.OutboxMails.CountAsync(m => m.Topic == topic)));

        // Turned on again, the next occasion reaches them.
        StaffPages.AssertRedirect(await client.PostFormAsync("/me/notifications", Wanted(MailKind.PostAwaitingCheck), formAction: "/me/notifications"), "/me/notifications");
        var next = await app.AwaitingCheckPostAsync(account, "通知を戻した人に届く投稿");
        var both = await MailPolling.WaitForAsync(() => Task.FromResult(app.Mail.Messages().Where(m => (m.TextBody ?? "").Contains($"/posts/{next}", StringComparison.Ordinal)).ToList()), 2);
        Assert.Contains($"{colleague.UserName}@example.invalid", both.Select(m => m.To.Mailboxes.Single().Address));
    }

    [Fact]
    public async Task Trouble_mails_arrive_when_everything_else_is_turned_off_and_cannot_be_turned_off()
    {
        var pr = await app.SignInAsync("demo-pr2");
        StaffPages.AssertRedirect(await pr.PostFormAsync("/me/notifications", Wanted(), formAction: "/me/notifications"), "/me/notifications");
        Assert.Equal(string.Join(",", MailKinds.All.Where(MailKinds.CanTurnOff).Order().Select(k => k.ToString())),
            await app.DbAsync(async db => (await db.MailPreferences.SingleAsync(p => p.UserId == db.Users.Single(u => u.UserName == "demo-pr2").Id)).Off));

        var account = await app.ListedAccountAsync(Given.Policy($"障害{Guid.NewGuid().ToString("N")[..6]}"));
        var api = await app.ApiAsync("demo-operator");
        var id = await api.OpenAsync(new { kind = "Flaming", accountId = account, summary = "通知を止めた広報担当にも届く。" });
        var incident = await MailPolling.WaitForAsync(() => Task.FromResult(app.Mail.Messages()
            .Where(m => (m.TextBody ?? "").Contains($"/incidents/{id}", StringComparison.Ordinal) && m.To.Mailboxes.Single().Address == Address("demo-pr2")).ToList()), 1);
        Assert.StartsWith("【インシデント】", incident[0].Subject, StringComparison.Ordinal);

        // A request to the PR office is a hand-off: demo-pr2 turned it off, demo-pr did not.
        var draft = await app.DraftAccountAsync(Given.Policy($"依頼{Guid.NewGuid().ToString("N")[..6]}"));
        await app.RequestListingAsync(draft);
        var version = await app.DbAsync(db => db.Accounts.Where(a => a.Id == draft).Select(a => a.Version).SingleAsync());
        var topic = HandOffMails.Key(MailKind.RequestSubmitted, draft, version);
        var sent = await MailPolling.WaitForAsync(() => app.DbAsync(db => db.OutboxMails.AsNoTracking().Where(m => m.Topic == topic && m.SentAt != null).ToListAsync()), 1);
        Assert.Equal([Address("demo-pr")], sent.Select(m => m.To).ToList());
    }
}
