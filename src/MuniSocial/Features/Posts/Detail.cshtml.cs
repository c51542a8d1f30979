using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Data;
using MuniSocial.Domain;
using MuniSocial.Domain.Posts;
using MuniSocial.Infrastructure.Api;
using MuniSocial.Infrastructure.Identity;

namespace MuniSocial.Features.Posts;

/// <summary>One post: its text with the findings next to it, files, the actions open to this user, and every round.</summary>
public sealed class DetailModel(AppDbContext db, CurrentActor current, TimeProvider clock, MediaStore store) : PageModel
{
    public Actor Actor { get; private set; } = null!;
    public Post Post { get; private set; } = null!;
    public string AccountName { get; private set; } = "";
    public IReadOnlyList<Finding> Findings { get; private set; } = [];
    public PostRoute? Route { get; private set; }
    public List<Post> Corrections { get; private set; } = [];

    [BindProperty]
    public int Version { get; set; }

    [BindProperty]
    public string? Text { get; set; }

    [BindProperty]
    public string? Links { get; set; }

    [BindProperty]
    public PostCategory? Category { get; set; }

    [BindProperty]
    public string? ScheduledAt { get; set; }

    [BindProperty]
    public string? ReplyTo { get; set; }

    [BindProperty]
    public List<string> Acknowledged { get; set; } = [];

    [BindProperty]
    public bool RequestCheck { get; set; }

    [BindProperty]
    public ReviewDecision? Decision { get; set; }

    [BindProperty]
    public string? Comment { get; set; }

    [BindProperty]
    public string? PublishedUrl { get; set; }

    [BindProperty]
    public string? PublishedAt { get; set; }

    [BindProperty]
    public Guid MediaId { get; set; }

    [BindProperty]
    public bool Portrait { get; set; }

    [BindProperty]
    public bool Copyright { get; set; }

    [BindProperty]
    public bool PersonalInfo { get; set; }

    public bool IsAuthor => Post.AuthorId == Actor.UserId;
    public bool CanEdit => IsAuthor && Post.Status == PostStatus.Draft;
    public bool CanCheck => Post.Status == PostStatus.AwaitingCheck && !IsAuthor && Actor.IsStaffOf(Post.SectionId);
    public bool CanApprove => Post.Status == PostStatus.AwaitingApproval && !IsAuthor && Actor.IsHeadOf(Post.SectionId);
    public bool CanPublish => Post.Status == PostStatus.Approved && Actor.IsStaffOf(Post.SectionId);
    public bool CanCorrect => Post.Status == PostStatus.Published && Actor.IsStaffOf(Post.SectionId);

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        Text = Post.Text;
        Links = Post.Links;
        Category = Post.Category;
        ScheduledAt = PostPages.ToLocal(Post.ScheduledAt);
        ReplyTo = Post.ReplyTo;
        PublishedAt = PostPages.ToLocal(clock.GetUtcNow());
        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync(Guid id) => ActAsync(id, true, (actor, now) =>
    {
        var scheduled = PostPages.FromLocal(ScheduledAt);
        if (!string.IsNullOrWhiteSpace(ScheduledAt) && scheduled is null)
        {
            throw new DomainValidationException(new Dictionary<string, string[]> { ["scheduledAt"] = ["予約日時の形式が正しくありません。"] });
        }
        Post.Update(actor, new PostInput(Text, Post.SplitLinks(Links), Category, scheduled, ReplyTo), now);
        return Task.CompletedTask;
    });

    public Task<IActionResult> OnPostSubmitAsync(Guid id) => ActAsync(id, true, async (actor, now) =>
    {
        var findings = await db.CheckPostAsync(Post, now, HttpContext.RequestAborted);
        var route = await db.RouteAsync(Post, HttpContext.RequestAborted);
        Post.Submit(actor, findings, Acknowledged, route, RequestCheck, now);
    });

    public Task<IActionResult> OnPostReviewAsync(Guid id) => ActAsync(id, true, async (actor, now) =>
    {
        if (Decision is not { } decision)
        {
            throw new DomainValidationException(new Dictionary<string, string[]> { ["decision"] = ["判断（了承・差戻し・却下）を選んでください。"] });
        }
        var findings = await db.CheckPostAsync(Post, now, HttpContext.RequestAborted);
        Post.Review(actor, decision, Comment, findings, now);
    });

    public Task<IActionResult> OnPostPublishAsync(Guid id) => ActAsync(id, true, (actor, now) =>
    {
        Post.RecordPublished(actor, PublishedUrl, PostPages.FromLocal(PublishedAt), now);
        return Task.CompletedTask;
    });

    public Task<IActionResult> OnPostConfirmAsync(Guid id) => ActAsync(id, false, (actor, now) =>
    {
        Post.ConfirmMedia(actor, MediaId, Portrait, Copyright, PersonalInfo, now);
        return Task.CompletedTask;
    });

    public async Task<IActionResult> OnPostRemoveMediaAsync(Guid id)
    {
        PostMedia? removed = null;
        var result = await ActAsync(id, false, (actor, now) =>
        {
            removed = Post.RemoveMedia(actor, MediaId, now);
            return Task.CompletedTask;
        });
        if (removed is not null && result is RedirectResult)
        {
            store.Delete(removed.StoredName);
        }
        return result;
    }

    public async Task<IActionResult> OnPostUploadAsync(Guid id, IFormFile? file)
    {
        string? stored = null;
        try
        {
            return await ActAsync(id, false, async (actor, now) =>
            {
                Post.EnsureCanAddMedia(actor);
                var saved = await store.SaveAsync(file, HttpContext.RequestAborted);
                stored = saved.StoredName;
                Post.AddMedia(actor, new PostMedia(Post.Id, MediaStore.SafeName(file!.FileName), saved.StoredName, saved.ContentType, saved.Size, actor, now), now);
            }, onSaved: () => stored = null);
        }
        finally
        {
            if (stored is not null)
            {
                store.Delete(stored);
            }
        }
    }

    public async Task<IActionResult> OnGetMediaAsync(Guid id, Guid mediaId)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        var media = Post.Media.FirstOrDefault(m => m.Id == mediaId);
        if (media is null || !System.IO.File.Exists(store.PathOf(media.StoredName)))
        {
            return NotFound();
        }
        return PhysicalFile(store.PathOf(media.StoredName), media.ContentType, media.OriginalName);
    }

    private async Task<IActionResult> ActAsync(Guid id, bool checkVersion, Func<Actor, DateTimeOffset, Task> change, Action? onSaved = null)
    {
        var postedVersion = Version;
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        if (checkVersion && postedVersion != Post.Version)
        {
            ModelState.AddModelError(string.Empty, PostAccess.ConflictMessage);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        try
        {
            await change(Actor, clock.GetUtcNow());
            await db.SaveChangesAsync(HttpContext.RequestAborted);
            onSaved?.Invoke();
            return Redirect($"/posts/{id}");
        }
        catch (DomainForbiddenException)
        {
            return Forbid();
        }
        catch (DomainRuleException ex)
        {
            ModelState.AddDomainErrors(ex, "");
        }
        catch (DbUpdateException ex) when (Problems.IsConcurrencyConflict(ex))
        {
            ModelState.AddModelError(string.Empty, PostAccess.ConflictMessage);
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        db.ChangeTracker.Clear();
        await LoadAsync(id);
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        Actor = await current.GetAsync(ct);
        var post = await db.FindVisiblePostAsync(id, Actor, ct);
        if (post is null)
        {
            return false;
        }
        Post = post;
        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == post.AccountId, ct);
        AccountName = account?.CurrentPolicy.AccountName ?? "";
        Findings = post.Status is PostStatus.Published or PostStatus.Rejected ? [] : await db.CheckPostAsync(post, clock.GetUtcNow(), ct);
        Route = post.Status == PostStatus.Draft ? await db.RouteAsync(post, ct) : null;
        Corrections = await db.Posts().AsNoTracking().Where(p => p.CorrectsPostId == post.Id).ToListAsync(ct);
        Version = post.Version;
        return true;
    }
}
