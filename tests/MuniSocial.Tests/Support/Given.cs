using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MuniSocial.Domain;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Incidents;
using MuniSocial.Domain.Operations;
using MuniSocial.Domain.Comments;
using MuniSocial.Domain.Posts;
using MuniSocial.Data;

namespace MuniSocial.Tests.Support;

/// <summary>
/// The one place test data is made: accounts and posts in a given state, built with the domain's own transitions
/// and saved through the app's DbContext one step per save, as a page handler does (so audit chaining, issued forms
/// and cache eviction run as they do in the app). Actors are the seeded demo users, named by user name; a new
/// user is made by the admin through the admin API, the only way users are made.
/// <code>
/// var id = await app.ListedAccountAsync(Given.Policy("観光アカウント") with { PeriodEnd = end }, listedAt: at);
/// var draft = await app.DraftAccountAsync(Given.Policy("下書き", url));
/// await app.RequestListingAsync(draft);
/// var post = await app.PublishedPostAsync(id, "雪まつりの様子です。");
/// </code>
/// </summary>
public static class Given
{
    /// <summary>A complete 様式1 of an X account (weekdays 8:45–17:30, no replies); a unique handle when no URL is given.</summary>
    public static PolicyContent Policy(string? name = null, string? url = null)
    {
        var unique = Guid.NewGuid().ToString("N")[..10];
        return new PolicyContent
        {
            Platform = Platform.X,
            AccountName = name ?? "テストアカウント" + unique,
            AccountUrl = url ?? $"https://x.com/t_{unique}",
            Content = "テスト用の発信内容です。",
            Purpose = "テストのため。",
            PeriodStart = new DateOnly(2025, 4, 1),
            PeriodEnd = new DateOnly(2027, 3, 31),
            OperatingDays = OperatingDays.Weekdays,
            HoursStart = new TimeOnly(8, 45),
            HoursEnd = new TimeOnly(17, 30),
            ReplyPolicy = ReplyPolicyKind.NoReply,
            ReplyWording = Labels.DefaultReplyWording(ReplyPolicyKind.NoReply),
        };
    }

    // ---- users ---------------------------------------------------------------------------------

    /// <summary>The password of every user made by <see cref="NewUserAsync"/>.</summary>
    public const string NewUserPassword = "Nayoro-Winter-2026!";

    public sealed record NewUser(string Id, string UserName, string Name);

    /// <summary>
    /// A new user of <paramref name="section"/> made by demo-admin (an Operator unless <paramref name="roles"/> say otherwise),
    /// who has not yet confirmed the guideline; password <see cref="NewUserPassword"/>.
    /// </summary>
    public static async Task<NewUser> NewUserAsync(this AppFactory app, string section = "営業戦略室", string employmentType = "Regular",
        string? displayName = null, params string[] roles)
    {
        var userName = $"u-{Guid.NewGuid().ToString("N")[..10]}";
        var name = displayName ?? "確認 " + userName[2..7];
        var admin = await app.ApiAsync("demo-admin");
        var response = await admin.PostAsJsonAsync("/api/v1/admin/users", new
        {
            userName,
            displayName = name,
            email = $"{userName}@example.invalid",
            sectionId = await app.SectionIdAsync(section),
            roles = roles.Length == 0 ? ["Operator"] : roles,
            employmentType,
            password = NewUserPassword,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return new NewUser((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!, userName, name);
    }

    public static Task<Guid> SectionIdAsync(this AppFactory app, string name) =>
        app.DbAsync(db => db.Sections.Where(s => s.Name == name).Select(s => s.Id).SingleAsync());

    // ---- accounts --------------------------------------------------------------------------------

    /// <summary>
    /// A Draft of <paramref name="author"/>'s section, created at <paramref name="at"/> (default: the clock's now), with
    /// <paramref name="operators"/> (default: the author and demo-operator3).
    /// </summary>
    public static async Task<Guid> DraftAccountAsync(this AppFactory app, PolicyContent? policy = null, string author = "demo-operator",
        string[]? operators = null, DateTimeOffset? at = null)
    {
        var by = await app.ActorAsync(author);
        var staff = new List<StaffMember>();
        foreach (var name in operators ?? [author, "demo-operator3"])
        {
            var o = await app.ActorAsync(name);
            staff.Add(new StaffMember(o.UserId, o.Name, o.SectionId));
        }
        return await app.DbAsync(async db =>
        {
            var account = SocialAccount.Create(by, by.SectionId!.Value, policy ?? Policy(), staff, at ?? app.Clock.GetUtcNow());
            db.Accounts.Add(account);
            await db.SaveChangesAsync();
            return account.Id;
        });
    }

    /// <summary>
    /// A Listed account: created, requested by <paramref name="head"/> and listed by <paramref name="pr"/> one minute apart,
    /// the listing at <paramref name="listedAt"/> (default: a minute before the clock's now).
    /// </summary>
    public static async Task<Guid> ListedAccountAsync(this AppFactory app, PolicyContent? policy = null, string author = "demo-operator",
        string[]? operators = null, string head = "demo-head", string pr = "demo-pr", DateTimeOffset? listedAt = null)
    {
        var at = listedAt ?? app.Clock.GetUtcNow().AddMinutes(-1);
        var id = await app.DraftAccountAsync(policy, author, operators, at.AddMinutes(-2));
        await app.RequestListingAsync(id, head, at.AddMinutes(-1));
        await app.ListAsync(id, pr, at);
        return id;
    }

    /// <summary>Ends a Listed account: the head requests the delisting, demo-pr2 delists it (運用終了).</summary>
    public static async Task CloseAsync(this AppFactory app, Guid account)
    {
        await app.RequestDelistingAsync(account);
        await app.DelistAsync(account);
    }

    public static async Task RequestListingAsync(this AppFactory app, Guid account, string head = "demo-head", DateTimeOffset? at = null)
    {
        var by = await app.ActorAsync(head);
        await app.ChangeAccountAsync(account, (a, _, now) => a.RequestListing(by, at ?? now, urlAlreadyRegistered: false));
    }

    public static async Task ListAsync(this AppFactory app, Guid account, string pr = "demo-pr", DateTimeOffset? at = null)
    {
        var by = await app.ActorAsync(pr);
        await app.ChangeAccountAsync(account, (a, terms, now) => a.List(by, terms, at ?? now));
    }

    /// <summary>The head asks to end it, closing today (Tokyo) unless <paramref name="closedOn"/> says otherwise; deleted on the platform.</summary>
    public static async Task RequestDelistingAsync(this AppFactory app, Guid account, DateOnly? closedOn = null,
        string reason = "テストのため運用を終了しました。", string head = "demo-head")
    {
        var by = await app.ActorAsync(head);
        await app.ChangeAccountAsync(account, (a, _, now) => a.RequestDelisting(by, closedOn ?? Wareki.TodayIn(now), reason, deletedOnPlatform: true, now));
    }

    public static async Task DelistAsync(this AppFactory app, Guid account, string pr = "demo-pr2")
    {
        var by = await app.ActorAsync(pr);
        await app.ChangeAccountAsync(account, (a, _, now) => a.Delist(by, now));
    }

    /// <summary>A revision of a Listed account's policy, written by demo-operator and submitted by demo-head (審査中).</summary>
    public static async Task SubmitRevisionAsync(this AppFactory app, Guid account, Func<PolicyContent, PolicyContent> change)
    {
        var op = await app.ActorAsync("demo-operator");
        var head = await app.ActorAsync("demo-head");
        await app.ChangeAccountAsync(account, (a, _, now) =>
        {
            a.StartRevision(op, now);
            a.UpdatePolicy(op, change(a.OpenPolicy!.ToContent()), now);
            a.SubmitRevision(head, now, urlAlreadyRegistered: false);
        });
    }

    /// <summary>The PR office (<paramref name="pr"/>) accepts the revision under review: the public page shows it from now on.</summary>
    public static async Task AcceptRevisionAsync(this AppFactory app, Guid account, string pr = "demo-pr")
    {
        var by = await app.ActorAsync(pr);
        await app.ChangeAccountAsync(account, (a, terms, now) => a.AcceptRevision(by, terms, now));
    }

    /// <summary>Loads the account, calls its transitions (given the current terms and the clock's now) and saves once.</summary>
    public static Task ChangeAccountAsync(this AppFactory app, Guid account, Action<SocialAccount, Guid, DateTimeOffset> change) =>
        app.DbAsync(async db =>
        {
            var loaded = await db.Accounts.Include(a => a.Policies).Include(a => a.Operators).SingleAsync(a => a.Id == account);
            var terms = (await db.CurrentTermsAsync()).Id;
            change(loaded, terms, app.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        });

    public static Task<Guid> UnitIdAsync(this AppFactory app, string name) =>
        app.DbAsync(db => db.Units.Where(u => u.Name == name).Select(u => u.Id).SingleAsync());

    // ---- posts -----------------------------------------------------------------------------------

    /// <summary>A Draft post of <paramref name="author"/> on a Listed account, created at the clock's now.</summary>
    public static async Task<Guid> DraftPostAsync(this AppFactory app, Guid account, string text = "名寄のひまわりが見ごろです。", string author = "demo-operator",
        DateTimeOffset? scheduledAt = null)
    {
        var by = await app.ActorAsync(author);
        return await app.DbAsync(async db =>
        {
            var listed = await db.Accounts.Include(a => a.Policies).SingleAsync(a => a.Id == account);
            var post = Post.Create(by, listed, PostKind.Post, new PostInput(text, null, null, scheduledAt), app.Clock.GetUtcNow());
            db.Posts.Add(post);
            await db.SaveChangesAsync();
            return post.Id;
        });
    }

    /// <summary>
    /// A Published post: drafted by <paramref name="author"/>, submitted with every warning of the content check
    /// acknowledged, checked by <paramref name="checker"/>, approved by <paramref name="head"/> and recorded as
    /// published at <paramref name="url"/> — each step saved on its own.
    /// </summary>
    public static async Task<Guid> PublishedPostAsync(this AppFactory app, Guid account, string text = "名寄のひまわりが見ごろです。",
        string author = "demo-operator", string checker = "demo-operator3", string head = "demo-head", string url = "https://x.com/nayoro/status/1")
    {
        var id = await app.ApprovedPostAsync(account, text, author, checker, head);
        var by = await app.ActorAsync(author);
        await app.ChangePostAsync(id, (p, now) => p.RecordPublished(by, url, now, now));
        return id;
    }

    /// <summary>
    /// A post waiting for the head's 了承: drafted by <paramref name="author"/>, submitted with every warning of the content
    /// check acknowledged and checked by <paramref name="checker"/> — each step saved on its own.
    /// </summary>
    public static async Task<Guid> AwaitingApprovalPostAsync(this AppFactory app, Guid account, string text = "名寄のひまわりが見ごろです。",
        string author = "demo-operator", string checker = "demo-operator3", DateTimeOffset? scheduledAt = null)
    {
        var id = await app.DraftPostAsync(account, text, author, scheduledAt);
        var by = await app.ActorAsync(author);
        var colleague = await app.ActorAsync(checker);
        await app.ChangePostAsync(id, (p, now) =>
        {
            var findings = ContentChecker.Default.Check(p.FullText, new CheckContext(p.Platform));
            var warnings = findings.Where(f => f.Severity == Severity.Warning).Select(f => f.Key(p.FullText)).ToList();
            p.Submit(by, findings, warnings, new PostRoute(CheckRequirement.Required, HeadApproval: true), requestCheck: false, now);
        });
        await app.ChangePostAsync(id, (p, now) => p.Review(colleague, ReviewDecision.Approve, null, [], now));
        return id;
    }

    /// <summary>A post waiting for a colleague's check: drafted by <paramref name="author"/> and submitted with every warning acknowledged.</summary>
    public static async Task<Guid> AwaitingCheckPostAsync(this AppFactory app, Guid account, string text = "名寄のひまわりが見ごろです。", string author = "demo-operator")
    {
        var id = await app.DraftPostAsync(account, text, author);
        var by = await app.ActorAsync(author);
        await app.ChangePostAsync(id, (p, now) =>
        {
            var findings = ContentChecker.Default.Check(p.FullText, new CheckContext(p.Platform));
            var warnings = findings.Where(f => f.Severity == Severity.Warning).Select(f => f.Key(p.FullText)).ToList();
            p.Submit(by, findings, warnings, new PostRoute(CheckRequirement.Required, HeadApproval: true), requestCheck: false, now);
        });
        return id;
    }

    /// <summary>A post sent back (差し戻し) to <paramref name="author"/> by <paramref name="checker"/> at the colleague's check.</summary>
    public static async Task<Guid> SentBackPostAsync(this AppFactory app, Guid account, string text = "名寄のひまわりが見ごろです。", string author = "demo-operator",
        string checker = "demo-operator3", string reason = "日付を確認してください。")
    {
        var id = await app.AwaitingCheckPostAsync(account, text, author);
        var colleague = await app.ActorAsync(checker);
        await app.ChangePostAsync(id, (p, now) => p.Review(colleague, ReviewDecision.SendBack, reason, [], now));
        return id;
    }

    /// <summary>An Approved post waiting to go out: <see cref="AwaitingApprovalPostAsync"/>, then 了承 by <paramref name="head"/>.</summary>
    /// <param name="scheduledAt">The post's scheduled time (予約日時), if any.</param>
    public static async Task<Guid> ApprovedPostAsync(this AppFactory app, Guid account, string text = "名寄のひまわりが見ごろです。",
        string author = "demo-operator", string checker = "demo-operator3", string head = "demo-head", DateTimeOffset? scheduledAt = null)
    {
        var id = await app.AwaitingApprovalPostAsync(account, text, author, checker, scheduledAt);
        var approver = await app.ActorAsync(head);
        await app.ChangePostAsync(id, (p, now) => p.Review(approver, ReviewDecision.Approve, null, [], now));
        return id;
    }

    /// <summary>
    /// Takes an existing Draft of <paramref name="author"/> (a reply made from a comment) to Approved: submitted with every
    /// warning acknowledged, checked by <paramref name="checker"/>, approved by <paramref name="head"/> — each step saved on its own.
    /// </summary>
    public static async Task ApproveDraftAsync(this AppFactory app, Guid post, string author = "demo-operator", string checker = "demo-operator3", string head = "demo-head")
    {
        var by = await app.ActorAsync(author);
        var colleague = await app.ActorAsync(checker);
        var approver = await app.ActorAsync(head);
        await app.ChangePostAsync(post, (p, now) =>
        {
            var findings = ContentChecker.Default.Check(p.FullText, new CheckContext(p.Platform));
            var warnings = findings.Where(f => f.Severity == Severity.Warning).Select(f => f.Key(p.FullText)).ToList();
            p.Submit(by, findings, warnings, new PostRoute(CheckRequirement.Required, HeadApproval: true), requestCheck: false, now);
        });
        await app.ChangePostAsync(post, (p, now) => p.Review(colleague, ReviewDecision.Approve, null, [], now));
        await app.ChangePostAsync(post, (p, now) => p.Review(approver, ReviewDecision.Approve, null, [], now));
    }

    // ---- connectors ------------------------------------------------------------------------------

    /// <summary>
    /// An account of <paramref name="platform"/> listed and connected by demo-head with <paramref name="fields"/>
    /// (the PUT connection body: secrets encrypted with the app's Data Protection keys, as the use case does).
    /// </summary>
    public static async Task<Guid> ConnectedAccountAsync(this AppFactory app, Platform platform, IReadOnlyDictionary<string, string?> fields,
        string? name = null, string? url = null, ReplyPolicyKind reply = ReplyPolicyKind.NoReply)
    {
        var account = await app.AccountOnAsync(platform, name, url, reply);
        await app.ConnectAsync(account, fields);
        return account;
    }

    /// <summary>A Listed account of demo-operator's section on <paramref name="platform"/>, not connected.</summary>
    public static Task<Guid> AccountOnAsync(this AppFactory app, Platform platform, string? name = null, string? url = null,
        ReplyPolicyKind reply = ReplyPolicyKind.NoReply)
    {
        var unique = Guid.NewGuid().ToString("N")[..10];
        var policy = Policy(name, url ?? DefaultUrl(platform, unique)) with
        {
            Platform = platform,
            ReplyPolicy = reply,
            ReplyWording = Labels.DefaultReplyWording(reply),
        };
        return app.ListedAccountAsync(policy);
    }

    /// <summary>Connects an existing account as <paramref name="head"/> does (the use case behind PUT /api/v1/accounts/{id}/connection).</summary>
    public static async Task ConnectAsync(this AppFactory app, Guid account, IReadOnlyDictionary<string, string?> fields, string head = "demo-head")
    {
        var by = await app.ActorAsync(head);
        var secrets = app.Services.GetRequiredService<MuniSocial.Infrastructure.Connectors.ConnectionSecrets>();
        await app.DbAsync(async db =>
        {
            var a = await db.Accounts.Include(x => x.Policies).SingleAsync(x => x.Id == account);
            await MuniSocial.Features.Publishing.ConnectionUseCases.SaveAsync(db, secrets, by, a, fields, app.Clock.GetUtcNow(), default);
        });
    }

    /// <summary>
    /// A post sent by MuniSocial through the account's connector: <see cref="ApprovedPostAsync"/>, then its outbox entry
    /// queued by <paramref name="author"/>, attempted and sent with the platform's <paramref name="platformPostId"/>, and the post
    /// recorded as sent — as the publication sender does.
    /// </summary>
    public static async Task<Guid> SentPostAsync(this AppFactory app, Guid account, string platformPostId, string text = "名寄のひまわりが見ごろです。",
        string author = "demo-operator")
    {
        var id = await app.ApprovedPostAsync(account, text, author);
        var by = await app.ActorAsync(author);
        await app.DbAsync(async db =>
        {
            var now = app.Clock.GetUtcNow();
            var post = await db.Posts.Include(p => p.Media).SingleAsync(p => p.Id == id);
            var connection = await db.AccountConnections.SingleAsync(c => c.AccountId == account);
            var publication = post.RequestPublish(by, connection, null, null, mediaSupported: true, now);
            publication.BeginAttempt("test", now, TimeSpan.FromMinutes(1));
            publication.MarkSent(platformPostId, $"https://x.com/nayoro/status/{platformPostId}", now);
            post.RecordSent(publication, now);
            db.Publications.Add(publication);
            await db.SaveChangesAsync();
        });
        return id;
    }

    /// <summary>An open unapproved post the watch found on the account (made through the domain as the watch does).</summary>
    public static Task<Guid> UnapprovedPostAsync(this AppFactory app, Guid account, string text = "身に覚えのない投稿です。", string? platformPostId = null) =>
        app.DbAsync(async db =>
        {
            var a = await db.Accounts.Include(x => x.Policies).SingleAsync(x => x.Id == account);
            var now = app.Clock.GetUtcNow();
            var id = platformPostId ?? Random.Shared.NextInt64(1_000_000_000, long.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var observed = MuniSocial.Domain.Publishing.ObservedPost.Create(a.Id, a.SectionId, a.AcceptedPolicy?.Platform ?? Platform.X,
                new MuniSocial.Domain.Publishing.ObservedInput(id, $"https://x.com/nayoro/status/{id}", text, now), MuniSocial.Domain.Publishing.ObservedVerdict.Unapproved,
                null, null, now);
            db.ObservedPosts.Add(observed);
            await db.SaveChangesAsync();
            return observed.Id;
        });

    private static string DefaultUrl(Platform platform, string unique) => platform switch
    {
        Platform.Line => $"https://lin.ee/{unique}",
        Platform.Facebook => $"https://www.facebook.com/nayoro{unique}",
        Platform.Bluesky => $"https://bsky.app/profile/nayoro-{unique}.bsky.social",
        Platform.Mastodon => $"https://mastodon.example.jp/@nayoro{unique}",
        Platform.Instagram => $"https://www.instagram.com/nayoro{unique}",
        Platform.YouTube => $"https://www.youtube.com/@nayoro{unique}",
        Platform.TikTok => $"https://www.tiktok.com/@nayoro{unique}",
        _ => $"https://x.com/t_{unique}",
    };

    // ---- incidents and publishing pauses -----------------------------------------------------------

    /// <summary>A publishing pause of one account (or all, null) made by <paramref name="pr"/> with the domain, as the PR office's page does.</summary>
    public static async Task<Guid> PausedAsync(this AppFactory app, Guid? account, string reason = "なりすましアカウントの確認中", string pr = "demo-pr")
    {
        var by = await app.ActorAsync(pr);
        return await app.DbAsync(async db =>
        {
            var pause = PublishingPause.Pause(by, account, reason, app.Clock.GetUtcNow());
            db.PublishingPauses.Add(pause);
            await db.SaveChangesAsync();
            return pause.Id;
        });
    }

    /// <summary>An open hijack incident on the account, opened by <paramref name="by"/>, and the pause it sets at once; returns the pause's id.</summary>
    public static async Task<Guid> HijackPausedAsync(this AppFactory app, Guid account, string by = "demo-operator")
    {
        var actor = await app.ActorAsync(by);
        return await app.DbAsync(async db =>
        {
            var listed = await db.Accounts.SingleAsync(a => a.Id == account);
            var now = app.Clock.GetUtcNow();
            var incident = Incident.Open(actor, IncidentKind.Hijack, listed, "パスワードが変更され、身に覚えのない投稿がある", null, now);
            var pause = PublishingPause.ForHijack(actor, incident, now);
            db.Incidents.Add(incident);
            db.PublishingPauses.Add(pause);
            await db.SaveChangesAsync();
            return pause.Id;
        });
    }

    // ---- comments --------------------------------------------------------------------------------

    /// <summary>A complete 様式1 of an X account that replies as needed (必要に応じて返信する).</summary>
    public static PolicyContent ReplyingPolicy(string? name = null) => Policy(name) with
    {
        ReplyPolicy = ReplyPolicyKind.ReplyAsNeeded,
        ReplyWording = Labels.DefaultReplyWording(ReplyPolicyKind.ReplyAsNeeded),
    };

    /// <summary>A comment recorded by <paramref name="by"/> on a Listed account, received a minute before the clock's now; a unique author unless given.</summary>
    public static async Task<Guid> CommentAsync(this AppFactory app, Guid account, string text = "駐車場は何台分ありますか？", string? url = null,
        string? author = null, string by = "demo-operator")
    {
        var actor = await app.ActorAsync(by);
        return await app.DbAsync(async db =>
        {
            var listed = await db.Accounts.Include(a => a.Policies).SingleAsync(a => a.Id == account);
            var now = app.Clock.GetUtcNow();
            var input = new CommentInput(CommentKind.Comment, author ?? "@citizen_" + Guid.NewGuid().ToString("N")[..8], text, url, now.AddMinutes(-1));
            var comment = Comment.Create(actor, listed, Comment.Prepare(listed, input, now), CommentSource.Manual, now);
            db.Comments.Add(comment);
            await db.SaveChangesAsync();
            return comment.Id;
        });
    }

    /// <summary>
    /// A comment answered for now (暫定回答済, §5(4)ア) with its formal answer promised by <paramref name="formalDueOn"/> (today or later
    /// on the clock): <see cref="CommentAsync"/>, an interim reply made from it by <paramref name="author"/>, approved
    /// (<see cref="ApproveDraftAsync"/>) and recorded published together with the comment, as the posts workflow does.
    /// </summary>
    public static async Task<Guid> InterimAnsweredCommentAsync(this AppFactory app, Guid account, DateOnly formalDueOn, string text = "駐車場は何台分ありますか？",
        string author = "demo-operator")
    {
        var comment = await app.CommentAsync(account, text, by: author);
        var by = await app.ActorAsync(author);
        var reply = await app.DbAsync(async db =>
        {
            var c = await db.Comments.SingleAsync(x => x.Id == comment);
            var post = await MuniSocial.Features.Comments.CommentUseCases.CreateReplyAsync(db, by, c, "お問い合わせありがとうございます。確認のうえ、後日回答いたします。",
                interim: true, formalDueOn, null, app.Clock.GetUtcNow(), CancellationToken.None);
            return post.Id;
        });
        await app.ApproveDraftAsync(reply, author);
        await app.DbAsync(async db =>
        {
            var post = await db.Posts.SingleAsync(p => p.Id == reply);
            var c = await db.Comments.SingleAsync(x => x.Id == comment);
            var now = app.Clock.GetUtcNow();
            post.RecordPublished(by, $"https://x.com/nayoro/status/{Random.Shared.NextInt64(1_000_000, 9_999_999)}", now, now);
            c.RecordAnswerPublished(by, post, now);
            await db.SaveChangesAsync();
        });
        return comment;
    }

    public static Task<Comment> CommentOfAsync(this AppFactory app, Guid id) => app.DbAsync(db => db.Comments.AsNoTracking().SingleAsync(c => c.Id == id));

    /// <summary>Loads the post with its rounds, reviews and media, calls its transitions and saves once.</summary>
    public static Task ChangePostAsync(this AppFactory app, Guid post, Action<Post, DateTimeOffset> change) =>
        app.DbAsync(async db =>
        {
            var loaded = await db.Posts.Include(p => p.Rounds).Include(p => p.Reviews).Include(p => p.Media).SingleAsync(p => p.Id == post);
            change(loaded, app.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        });

    // ---- daily checks and incidents ----------------------------------------------------------------

    /// <summary>A daily check by <paramref name="by"/> at the clock's now (or <paramref name="at"/>), with a finding when <paramref name="found"/> is given.</summary>
    public static async Task<Guid> DailyCheckAsync(this AppFactory app, Guid account, string by = "demo-operator", string? found = null,
        string? actionTaken = "市広報担当へ報告しました。", DateTimeOffset? at = null)
    {
        var actor = await app.ActorAsync(by);
        return await app.DbAsync(async db =>
        {
            var listed = await db.Accounts.SingleAsync(a => a.Id == account);
            var when = at ?? app.Clock.GetUtcNow();
            var day = Wareki.TodayIn(when);
            var already = await db.DailyChecks.AnyAsync(c => c.AccountId == account && c.Day == day && c.UserId == actor.UserId);
            var input = found is null ? CheckInput.NothingToReport : new CheckInput(true, true, found, actionTaken, null);
            var check = DailyCheck.Record(actor, listed, input, when, already);
            db.Add(check);
            await db.SaveChangesAsync();
            return check.Id;
        });
    }

    /// <summary>
    /// A past period's daily checks in one save: on each day of <paramref name="plan"/>, one check (異常なし) by each user
    /// named, at 10:00 in Tokyo (the board's history is read from these days).
    /// </summary>
    public static async Task DailyChecksAsync(this AppFactory app, Guid account, params (DateOnly Day, string[] By)[] plan)
    {
        var actors = new Dictionary<string, Actor>();
        foreach (var name in plan.SelectMany(p => p.By).Distinct())
        {
            actors[name] = await app.ActorAsync(name);
        }
        await app.DbAsync(async db =>
        {
            var listed = await db.Accounts.SingleAsync(a => a.Id == account);
            foreach (var (day, by) in plan)
            {
                // 10:00 in Japan, held in UTC as the app does (PostgreSQL stores only offset 0).
                var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(9)).ToUniversalTime();
                foreach (var name in by)
                {
                    db.Add(DailyCheck.Record(actors[name], listed, CheckInput.NothingToReport, at, alreadyRecordedToday: false));
                }
            }
            await db.SaveChangesAsync();
        });
    }

    /// <summary>
    /// 運用状況の確認 by <paramref name="head"/> at <paramref name="at"/>, every item 適合, covering the days from the listing
    /// to the day before with no missed check (the figure is the use case's; here only the review's day matters).
    /// </summary>
    public static async Task<Guid> AccountReviewAsync(this AppFactory app, Guid account, string head, DateTimeOffset at)
    {
        var by = await app.ActorAsync(head);
        return await app.DbAsync(async db =>
        {
            var loaded = await db.Accounts.Include(a => a.Policies).SingleAsync(a => a.Id == account);
            var day = Wareki.TodayIn(at);
            var input = new ReviewInput(ReviewChecklist.Items.Select(i => new ReviewItemInput(i.Key, ReviewAnswer.Conforms, null)).ToList(), null, null);
            var review = AccountReview.Record(by, loaded, input, new ReviewPeriod(Wareki.TodayIn(loaded.ListedAt!.Value), day.AddDays(-1), 0, []), at.ToUniversalTime());
            db.Add(review);
            await db.SaveChangesAsync();
            return review.Id;
        });
    }

    /// <summary>
    /// An open incident of <paramref name="kind"/> opened by <paramref name="by"/> (the PR office unless told) at the clock's now,
    /// on <paramref name="account"/> (none by default), with the fake's address for an impersonation.
    /// </summary>
    public static async Task<Guid> IncidentAsync(this AppFactory app, IncidentKind kind, Guid? account = null, string? fakeUrl = null,
        string by = "demo-pr", string summary = "テストのインシデントです。", Guid? dailyCheckId = null, Guid? reviewId = null)
    {
        var actor = await app.ActorAsync(by);
        return await app.DbAsync(async db =>
        {
            var concerned = account is { } id ? await db.Accounts.SingleAsync(a => a.Id == id) : null;
            var incident = Incident.Open(actor, kind, concerned, summary, fakeUrl, app.Clock.GetUtcNow(), dailyCheckId, reviewId);
            db.Incidents.Add(incident);
            await db.SaveChangesAsync();
            return incident.Id;
        });
    }

    /// <summary>The incident's public warning, published by demo-pr through the domain (the API and the page are tested on their own).</summary>
    public static async Task<Guid> PublishedWarningAsync(this AppFactory app, Guid incident, string title = "名寄市を名乗る偽アカウントにご注意ください",
        string body = "このアカウントは名寄市とは関係がありません。", string by = "demo-pr")
    {
        var actor = await app.ActorAsync(by);
        return await app.DbAsync(async db =>
        {
            var loaded = await db.Incidents.SingleAsync(i => i.Id == incident);
            var warning = PublicWarning.Publish(actor, loaded, title, body, app.Clock.GetUtcNow());
            db.PublicWarnings.Add(warning);
            await db.SaveChangesAsync();
            return warning.Id;
        });
    }

    /// <summary>Withdraws a published warning (demo-pr, with a reason).</summary>
    public static async Task WithdrawWarningAsync(this AppFactory app, Guid warning, string reason = "偽アカウントが削除されたため。", string by = "demo-pr")
    {
        var actor = await app.ActorAsync(by);
        await app.DbAsync(async db =>
        {
            var loaded = await db.PublicWarnings.SingleAsync(w => w.Id == warning);
            loaded.Withdraw(actor, reason, app.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        });
    }

    // ---- one of each kind, in one section ------------------------------------------------------------

    /// <summary>The ids of one entity of each kind in one section (<see cref="SectionWorldAsync"/>).</summary>
    public sealed record SectionWorld(Guid Section, Guid Department, Guid Unit, string User, Guid Account, Guid Post, Guid Comment,
        Guid Incident, Guid Unapproved, Guid Pause, Guid Document);

    /// <summary>
    /// One entity of each kind in <paramref name="section"/>: a Listed account that replies (written by <paramref name="author"/>, requested by
    /// <paramref name="head"/>), a draft post, a comment, an incident, an unapproved post, a publishing pause of the account and one of its
    /// issued documents; the section's department and a unit; <paramref name="author"/>'s user id.
    /// </summary>
    public static async Task<SectionWorld> SectionWorldAsync(this AppFactory app, string section, string author, string head)
    {
        var account = await app.ListedAccountAsync(ReplyingPolicy(), author, [author, head], head);
        var post = await app.DraftPostAsync(account, author: author);
        var comment = await app.CommentAsync(account, by: author);
        var incident = await app.IncidentAsync(IncidentKind.Flaming, account);
        var unapproved = await app.UnapprovedPostAsync(account);
        var pause = await app.PausedAsync(account);
        var sectionId = await app.SectionIdAsync(section);
        return await app.DbAsync(async db => new SectionWorld(sectionId,
            await db.Sections.Where(s => s.Id == sectionId).Select(s => s.DepartmentId).SingleAsync(),
            await db.Units.Where(u => u.SectionId == sectionId).Select(u => u.Id).FirstAsync(),
            (await db.Users.SingleAsync(u => u.UserName == author)).Id,
            account, post, comment, incident, unapproved, pause,
            await db.IssuedDocuments.Where(d => d.AccountId == account).Select(d => d.Id).FirstAsync()));
    }
}
