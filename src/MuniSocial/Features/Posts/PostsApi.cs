using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Data;
using MuniSocial.Domain;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Posts;
using MuniSocial.Infrastructure.Api;
using MuniSocial.Infrastructure.Identity;

namespace MuniSocial.Features.Posts;

/// <summary>The posts API: the same steps as the pages — draft, check, submit, review, publish record, correction, archive.</summary>
public static class PostsApi
{
    public sealed record ContentCheckRequest(string? Text, string? Platform, Guid? AccountId, DateTimeOffset? ScheduledAt);

    public sealed record FindingDto(string Kind, string Severity, string Clause, int Start, int Length, string Message, string Key);

    public sealed record PostRequest(Guid? AccountId, string? Kind, string? Text, string[]? Links, string? Category, DateTimeOffset? ScheduledAt, string? ReplyTo, int? Version);

    public sealed record SubmitRequest(string[]? Acknowledged, bool? RequestCheck, int? Version);

    public sealed record ReviewRequest(string? Decision, string? Comment, int? Version);

    public sealed record PublishRequest(string? PublishedUrl, DateTimeOffset? PublishedAt, int? Version);

    public sealed record ConfirmMediaRequest(bool Portrait, bool Copyright, bool PersonalInfo);

    public sealed record SectionSettingsRequest(string[]? PreApproved, string? SecondCheck, int? Version);

    public sealed record CheckSettingsRequest(string? Expressions, string? ConfidentialMarkers, string? DecisionMarkers, string? Exceptions,
        string? ShortenerHosts, string? OwnDomains, string[]? ErrorKinds);

    public static void MapPostsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/content-check", ContentCheck).WithTags("Posts").WithName("ContentCheck");
        api.MapGet("/content-check/settings", GetCheckSettings).WithTags("Posts");
        api.MapPut("/content-check/settings", PutCheckSettings).WithTags("Posts");
        api.MapGet("/sections/{sectionId:guid}/post-settings", GetSectionSettings).WithTags("Posts");
        api.MapPut("/sections/{sectionId:guid}/post-settings", PutSectionSettings).WithTags("Posts");

        var posts = api.MapGroup("/posts").WithTags("Posts");
        posts.MapGet("/", List);
        posts.MapGet("/queue", Queue);
        posts.MapGet("/archive", Archive);
        posts.MapPost("/", Create);
        posts.MapGet("/{id:guid}", Get);
        posts.MapPut("/{id:guid}", Update);
        posts.MapPost("/{id:guid}/submit", Submit);
        posts.MapPost("/{id:guid}/review", Review);
        posts.MapPost("/{id:guid}/publish", Publish);
        posts.MapPost("/{id:guid}/corrections", Correct);
        posts.MapPost("/{id:guid}/media", Upload).DisableAntiforgery();
        posts.MapPost("/{id:guid}/media/{mediaId:guid}/confirm", ConfirmMedia);
        posts.MapDelete("/{id:guid}/media/{mediaId:guid}", RemoveMedia);
        posts.MapGet("/{id:guid}/media/{mediaId:guid}", Download);
    }

    public static FindingDto ToDto(Finding f, string text) =>
        new(FindingKinds.Code(f.Kind), f.Severity == Severity.Error ? "error" : "warning", f.Clause, f.Start, f.Length, f.Message, f.Key(text));

    private static async Task<IResult> ContentCheck(ContentCheckRequest? request, AppDbContext db, CurrentActor current, TimeProvider clock, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (request?.Text is null)
        {
            return Problems.BadRequest("text", "text（チェックする本文）を指定してください。");
        }
        if (request.Text.Length > 200_000)
        {
            return Problems.BadRequest("text", "text は200,000文字以内にしてください。");
        }
        Platform? platform = null;
        if (!string.IsNullOrWhiteSpace(request.Platform))
        {
            if (!Enum.TryParse<Platform>(request.Platform, ignoreCase: true, out var p) || !Enum.IsDefined(p))
            {
                return Problems.BadRequest("platform", $"platform は {string.Join(" / ", Enum.GetNames<Platform>())} のいずれかを指定してください。");
            }
            platform = p;
        }
        SocialAccount? account = null;
        if (request.AccountId is { } accountId)
        {
            account = await db.Accounts.VisibleTo(actor).AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, ct);
            if (account is null)
            {
                return Problems.NotFound();
            }
        }
        var findings = await db.CheckAsync(request.Text, platform, account, request.ScheduledAt ?? clock.GetUtcNow(), ct);
        return TypedResults.Ok(new { findings = findings.Select(f => ToDto(f, request.Text)) });
    }

    private static async Task<IResult> List(AppDbContext db, CurrentActor current, string? status, Guid? accountId, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var q = db.Posts().VisibleTo(actor).AsNoTracking();
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<PostStatus>(status, true, out var s))
            {
                return Problems.BadRequest("status", $"status は {string.Join(" / ", Enum.GetNames<PostStatus>())} のいずれかです。");
            }
            q = q.Where(p => p.Status == s);
        }
        if (accountId is { } a)
        {
            q = q.Where(p => p.AccountId == a);
        }
        var list = await q.OrderByDescending(p => p.UpdatedAt).Take(200).ToListAsync(ct);
        return TypedResults.Ok(list.Select(Summary));
    }

    private static async Task<IResult> Queue(AppDbContext db, CurrentActor current, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var list = await db.Posts().AsNoTracking().QueueFor(actor).OrderBy(p => p.UpdatedAt).ToListAsync(ct);
        return TypedResults.Ok(list.Select(Summary));
    }

    private static async Task<IResult> Archive(AppDbContext db, CurrentActor current, Guid? accountId, DateOnly? from, DateOnly? to, string? q, string? format, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (!(actor.Is(Role.PrOffice) || actor.Is(Role.Operator) || actor.Is(Role.SectionHead)))
        {
            return new DomainForbiddenException().ToProblem();
        }
        var entries = await PostArchive.SearchAsync(db, actor, new PostArchive.Query(accountId, from, to, q), 10_000, ct);
        return format?.ToLowerInvariant() switch
        {
            "csv" => TypedResults.File(PostArchive.ToCsv(entries), "text/csv; charset=utf-8", "posts-archive.csv"),
            null or "" or "json" => TypedResults.Ok(entries.Select(PostArchive.ToJson)),
            _ => Problems.BadRequest("format", "format は csv または json を指定してください。"),
        };
    }

    private static async Task<IResult> Create(PostRequest? request, AppDbContext db, CurrentActor current, TimeProvider clock, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (request?.AccountId is not { } accountId)
        {
            return Problems.BadRequest("accountId", "accountId（発信するアカウント）を指定してください。");
        }
        if (!TryParse(request, out var kind, out var input, out var problem))
        {
            return problem!;
        }
        var account = await db.FindVisibleAsync(accountId, actor, ct);
        if (account is null)
        {
            return Problems.NotFound();
        }
        return await Run(db, async () =>
        {
            var post = Post.Create(actor, account, kind, input, clock.GetUtcNow());
            db.Posts().Add(post);
            await db.SaveChangesAsync(ct);
            return TypedResults.Created($"/api/v1/posts/{post.Id}", await DetailAsync(db, post, clock, ct));
        });
    }

    private static async Task<IResult> Get(Guid id, AppDbContext db, CurrentActor current, TimeProvider clock, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var post = await db.FindVisiblePostAsync(id, actor, ct);
        return post is null ? NotFound() : TypedResults.Ok(await DetailAsync(db, post, clock, ct));
    }

    private static async Task<IResult> Update(Guid id, PostRequest? request, AppDbContext db, CurrentActor current, TimeProvider clock, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var post = await db.FindVisiblePostAsync(id, actor, ct);
        if (post is null)
        {
            return NotFound();
        }
        if (request is null)
        {
            return Problems.BadRequest("text", "本文を指定してください。");
        }
        if (!TryParse(request, out _, out var input, out var problem))
        {
            return problem!;
        }
        return await Mutate(db, post, request.Version, () => post.Update(actor, input, clock.GetUtcNow()), clock, ct);
    }

    private static async Task<IResult> Submit(Guid id, SubmitRequest? request, AppDbContext db, CurrentActor current, TimeProvider clock, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var post = await db.FindVisiblePostAsync(id, actor, ct);
        if (post is null)
        {
            return NotFound();
        }
        var now = clock.GetUtcNow();
        var findings = await db.CheckPostAsync(post, now, ct);
        var route = await db.RouteAsync(post, ct);
        return await Mutate(db, post, request?.Version, () => post.Submit(actor, findings, request?.Acknowledged ?? [], route, request?.RequestCheck ?? false, now), clock, ct);
    }

    private static async Task<IResult> Review(Guid id, ReviewRequest? request, AppDbContext db, CurrentActor current, TimeProvider clock, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var post = await db.FindVisiblePostAsync(id, actor, ct);
        if (post is null)
        {
            return NotFound();
        }
        if (!Enum.TryParse<ReviewDecision>(request?.Decision, true, out var decision) || !Enum.IsDefined(decision))
        {
            return Problems.BadRequest("decision", "decision は Approve（承認・確認済み）/ SendBack（差戻し）/ Reject（却下）のいずれかを指定してください。");
        }
        var now = clock.GetUtcNow();
        var findings = await db.CheckPostAsync(post, now, ct);
        return await Mutate(db, post, request!.Version, () => post.Review(actor, decision, request.Comment, findings, now), clock, ct);
    }

    private static async Task<IResult> Publish(Guid id, PublishRequest? request, AppDbContext db, CurrentActor current, TimeProvider clock, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var post = await db.FindVisiblePostAsync(id, actor, ct);
        if (post is null)
        {
            return NotFound();
        }
        return await Mutate(db, post, request?.Version, () => post.RecordPublished(actor, request?.PublishedUrl, request?.PublishedAt, clock.GetUtcNow()), clock, ct);
    }

    private static async Task<IResult> Correct(Guid id, PostRequest? request, AppDbContext db, CurrentActor current, TimeProvider clock, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var original = await db.FindVisiblePostAsync(id, actor, ct);
        if (original is null)
        {
            return NotFound();
        }
        var account = await db.FindVisibleAsync(original.AccountId, actor, ct);
        if (account is null)
        {
            return Problems.NotFound();
        }
        if (request is null)
        {
            return Problems.BadRequest("text", "本文を指定してください。");
        }
        if (!TryParse(request, out _, out var input, out var problem))
        {
            return problem!;
        }
        return await Run(db, async () =>
        {
            var post = Post.CreateCorrection(actor, account, original, input, clock.GetUtcNow());
            db.Posts().Add(post);
            await db.SaveChangesAsync(ct);
            return TypedResults.Created($"/api/v1/posts/{post.Id}", await DetailAsync(db, post, clock, ct));
        });
    }

    private static async Task<IResult> Upload(Guid id, IFormFile? file, AppDbContext db, CurrentActor current, MediaStore store, TimeProvider clock, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var post = await db.FindVisiblePostAsync(id, actor, ct);
        if (post is null)
        {
            return NotFound();
        }
        string? stored = null;
        try
        {
            // Rules first, then the file: a refused upload writes nothing.
            post.EnsureCanAddMedia(actor);
            var saved = await store.SaveAsync(file, ct);
            stored = saved.StoredName;
            var media = new PostMedia(post.Id, MediaStore.SafeName(file!.FileName), saved.StoredName, saved.ContentType, saved.Size, actor, clock.GetUtcNow());
            post.AddMedia(actor, media, clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
            stored = null;
            return TypedResults.Created($"/api/v1/posts/{post.Id}/media/{media.Id}", new { id = media.Id, name = media.OriginalName, contentType = media.ContentType, size = media.Size });
        }
        catch (DomainRuleException ex)
        {
            return ex.ToProblem();
        }
        catch (DbUpdateConcurrencyException)
        {
            return Conflict();
        }
        finally
        {
            if (stored is not null)
            {
                store.Delete(stored);
            }
        }
    }

    private static async Task<IResult> ConfirmMedia(Guid id, Guid mediaId, ConfirmMediaRequest? request, AppDbContext db, CurrentActor current, TimeProvider clock, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var post = await db.FindVisiblePostAsync(id, actor, ct);
        if (post is null)
        {
            return NotFound();
        }
        if (request is null)
        {
            return Problems.BadRequest("portrait", "portrait・copyright・personalInfo（それぞれ確認したか）を指定してください。");
        }
        return await Mutate(db, post, null, () => post.ConfirmMedia(actor, mediaId, request.Portrait, request.Copyright, request.PersonalInfo, clock.GetUtcNow()), clock, ct);
    }

    private static async Task<IResult> RemoveMedia(Guid id, Guid mediaId, AppDbContext db, CurrentActor current, MediaStore store, TimeProvider clock, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var post = await db.FindVisiblePostAsync(id, actor, ct);
        if (post is null)
        {
            return NotFound();
        }
        PostMedia? removed = null;
        var result = await Mutate(db, post, null, () => removed = post.RemoveMedia(actor, mediaId, clock.GetUtcNow()), clock, ct);
        if (removed is not null && !db.ChangeTracker.HasChanges())
        {
            store.Delete(removed.StoredName);
        }
        return result;
    }

    private static async Task<IResult> Download(Guid id, Guid mediaId, AppDbContext db, CurrentActor current, MediaStore store, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var post = await db.FindVisiblePostAsync(id, actor, ct);
        var media = post?.Media.FirstOrDefault(m => m.Id == mediaId);
        if (media is null || !File.Exists(store.PathOf(media.StoredName)))
        {
            return Problems.NotFound("写真・動画");
        }
        return TypedResults.PhysicalFile(store.PathOf(media.StoredName), media.ContentType, media.OriginalName, enableRangeProcessing: true);
    }

    private static async Task<IResult> GetSectionSettings(Guid sectionId, AppDbContext db, CurrentActor current, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (!actor.CanSee(sectionId))
        {
            return Problems.NotFound("所属");
        }
        var s = await db.SectionSettingsAsync(sectionId, ct);
        return TypedResults.Ok(SettingsDto(s));
    }

    private static async Task<IResult> PutSectionSettings(Guid sectionId, SectionSettingsRequest? request, AppDbContext db, CurrentActor current, TimeProvider clock, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (!actor.CanSee(sectionId))
        {
            return Problems.NotFound("所属");
        }
        var categories = PostCategories.None;
        foreach (var c in request?.PreApproved ?? [])
        {
            if (!Enum.TryParse<PostCategory>(c, true, out var cat) || !Enum.IsDefined(cat))
            {
                return Problems.BadRequest("preApproved", "preApproved には A・B・C・D を指定してください。");
            }
            categories |= PostRouting.Flag(cat);
        }
        if (!Enum.TryParse<SecondCheckSetting>(request?.SecondCheck, true, out var second) || !Enum.IsDefined(second))
        {
            return Problems.BadRequest("secondCheck", "secondCheck は Required（必須）または Optional（任意）を指定してください。");
        }
        var settings = await db.SectionPostSettings().FirstOrDefaultAsync(s => s.SectionId == sectionId, ct);
        var isNew = settings is null;
        settings ??= SectionPostSettings.Defaults(sectionId);
        if (request!.Version is { } v && v != settings.Version)
        {
            return Conflict();
        }
        return await Run(db, async () =>
        {
            settings.Update(actor, categories, second, clock.GetUtcNow());
            if (isNew)
            {
                db.SectionPostSettings().Add(settings);
            }
            await db.SaveChangesAsync(ct);
            return TypedResults.Ok(SettingsDto(settings));
        });
    }

    private static async Task<IResult> GetCheckSettings(AppDbContext db, CurrentActor current, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (!(actor.Is(Role.PrOffice) || actor.Is(Role.Operator) || actor.Is(Role.SectionHead)))
        {
            return new DomainForbiddenException().ToProblem();
        }
        return TypedResults.Ok(CheckSettingsDto(await db.CheckSettingsAsync(ct)));
    }

    private static async Task<IResult> PutCheckSettings(CheckSettingsRequest? request, AppDbContext db, CurrentActor current, TimeProvider clock, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (request is null)
        {
            return Problems.BadRequest("expressions", "設定を指定してください。");
        }
        var kinds = new List<FindingKind>();
        foreach (var code in request.ErrorKinds ?? [])
        {
            if (FindingKinds.FromCode(code) is not { } k)
            {
                return Problems.BadRequest("errorKinds", $"errorKinds の「{code}」は不明です。使える値: {string.Join(", ", FindingKinds.All.Select(FindingKinds.Code))}");
            }
            kinds.Add(k);
        }
        var settings = await db.ContentCheckSettings().FirstOrDefaultAsync(s => s.Id == ContentCheckSettings.SingletonId, ct);
        var isNew = settings is null;
        settings ??= ContentCheckSettings.CreateDefault();
        return await Run(db, async () =>
        {
            settings.Update(actor, new ContentCheckSettings.Input(request.Expressions, request.ConfidentialMarkers, request.DecisionMarkers,
                request.Exceptions, request.ShortenerHosts, request.OwnDomains, kinds), clock.GetUtcNow());
            if (isNew)
            {
                db.ContentCheckSettings().Add(settings);
            }
            await db.SaveChangesAsync(ct);
            return TypedResults.Ok(CheckSettingsDto(settings));
        });
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private static bool TryParse(PostRequest request, out PostKind kind, out PostInput input, out IResult? problem)
    {
        kind = PostKind.Post;
        input = new PostInput(null, null, null, null);
        problem = null;
        if (!string.IsNullOrEmpty(request.Kind) && (!Enum.TryParse(request.Kind, true, out kind) || !Enum.IsDefined(kind)))
        {
            problem = Problems.BadRequest("kind", "kind は Post（投稿）または Reply（返信）を指定してください。");
            return false;
        }
        PostCategory? category = null;
        if (!string.IsNullOrWhiteSpace(request.Category))
        {
            if (!Enum.TryParse<PostCategory>(request.Category, true, out var c) || !Enum.IsDefined(c))
            {
                problem = Problems.BadRequest("category", "category は A・B・C・D のいずれか、または指定なし（所属長の了承が必要）です。");
                return false;
            }
            category = c;
        }
        input = new PostInput(request.Text, request.Links, category, request.ScheduledAt, request.ReplyTo);
        return true;
    }

    private static async Task<IResult> Mutate(AppDbContext db, Post post, int? version, Action change, TimeProvider clock, CancellationToken ct)
    {
        if (version is { } v && v != post.Version)
        {
            return Conflict();
        }
        return await Run(db, async () =>
        {
            change();
            await db.SaveChangesAsync(ct);
            return TypedResults.Ok(await DetailAsync(db, post, clock, ct));
        });
    }

    private static async Task<IResult> Run(AppDbContext db, Func<Task<IResult>> work)
    {
        try
        {
            return await work();
        }
        catch (DomainRuleException ex)
        {
            return ex.ToProblem();
        }
        catch (DbUpdateException ex) when (Problems.IsConcurrencyConflict(ex))
        {
            db.ChangeTracker.Clear();
            return Conflict();
        }
    }

    public static IResult Conflict() => TypedResults.Problem(detail: PostAccess.ConflictMessage, statusCode: StatusCodes.Status409Conflict,
        title: "この操作はできません", extensions: new Dictionary<string, object?> { ["rule"] = "concurrency" });

    private static IResult NotFound() => Problems.NotFound("投稿");

    private static object Summary(Post p) => new
    {
        id = p.Id,
        accountId = p.AccountId,
        kind = p.Kind.ToString(),
        status = p.Status.ToString(),
        text = p.Text.Length > 100 ? p.Text[..100] + "…" : p.Text,
        author = p.AuthorName,
        category = p.Category?.ToString(),
        updatedAt = p.UpdatedAt,
        version = p.Version,
    };

    private static async Task<object> DetailAsync(AppDbContext db, Post p, TimeProvider clock, CancellationToken ct)
    {
        var findings = p.Status is PostStatus.Published or PostStatus.Rejected ? [] : await db.CheckPostAsync(p, clock.GetUtcNow(), ct);
        var full = p.FullText;
        return new
        {
            id = p.Id,
            accountId = p.AccountId,
            sectionId = p.SectionId,
            platform = p.Platform.ToString(),
            kind = p.Kind.ToString(),
            status = p.Status.ToString(),
            statusLabel = Post.Label(p.Status),
            version = p.Version,
            text = p.Text,
            links = p.LinkList,
            fullText = full,
            category = p.Category?.ToString(),
            scheduledAt = p.ScheduledAt,
            replyTo = p.ReplyTo,
            correctsPostId = p.CorrectsPostId,
            author = new { id = p.AuthorId, name = p.AuthorName },
            requiresCheck = p.RequiresCheck,
            requiresApproval = p.RequiresApproval,
            approvedAt = p.ApprovedAt,
            approvedBy = p.ApprovedByName,
            publishedUrl = p.PublishedUrl,
            publishedAt = p.PublishedAt,
            publishedBy = p.PublishedByName,
            findings = findings.Select(f => ToDto(f, full)),
            media = p.Media.Select(m => new { id = m.Id, name = m.OriginalName, contentType = m.ContentType, size = m.Size, portrait = m.PortraitConfirmed, copyright = m.CopyrightConfirmed, personalInfo = m.PersonalInfoConfirmed }),
            rounds = p.Rounds.OrderBy(r => r.Number).Select(r => new
            {
                number = r.Number,
                submittedAt = r.SubmittedAt,
                submittedBy = r.SubmittedByName,
                text = r.Text,
                requiresCheck = r.RequiresCheck,
                requiresApproval = r.RequiresApproval,
                findings = JsonSerializer.Deserialize<JsonElement>(r.FindingsJson),
                acknowledged = r.Acknowledged,
                reviews = p.Reviews.Where(v => v.Round == r.Number).OrderBy(v => v.At).Select(v => new { step = v.Step.ToString(), decision = v.Decision.ToString(), comment = v.Comment, by = v.ByName, at = v.At }),
            }),
        };
    }

    private static object SettingsDto(SectionPostSettings s) => new
    {
        sectionId = s.SectionId,
        preApproved = Enum.GetValues<PostCategory>().Where(c => s.PreApproved.HasFlag(PostRouting.Flag(c))).Select(c => c.ToString()),
        secondCheck = s.SecondCheck.ToString(),
        version = s.Version,
        updatedAt = s.UpdatedAt,
        updatedBy = s.UpdatedByName,
    };

    private static object CheckSettingsDto(ContentCheckSettings s) => new
    {
        expressions = s.Expressions,
        confidentialMarkers = s.ConfidentialMarkers,
        decisionMarkers = s.DecisionMarkers,
        exceptions = s.Exceptions,
        shortenerHosts = s.ShortenerHosts,
        ownDomains = s.OwnDomains,
        errorKinds = s.ErrorKindSet.Select(FindingKinds.Code),
        version = s.Version,
        updatedAt = s.UpdatedAt,
        updatedBy = s.UpdatedByName,
    };
}
