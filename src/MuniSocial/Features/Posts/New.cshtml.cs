using MuniSocial.Domain.Posts;

namespace MuniSocial.Features.Posts;

/// <summary>A new post or reply for a Listed account of the section; with ?correct={id}, a correction of a published post.</summary>
public sealed class NewModel(AppDbContext db, CurrentActor current, TimeProvider clock) : PageModel
{
    public sealed class InputModel
    {
        public Guid? AccountId { get; set; }
        public PostKind Kind { get; set; } = PostKind.Post;
        public string? Text { get; set; }
        public string? Links { get; set; }
        public PostCategory? Category { get; set; }
        public string? ScheduledAt { get; set; }
        public string? ReplyTo { get; set; }
        public string? PublicSourceUrl { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public Guid? Correct { get; set; }

    public Post? Original { get; private set; }
    public List<(Guid Id, string Name)> Accounts { get; private set; } = [];

    /// <summary>The section's written scope of D, shown next to the D choice (null while D is not pre-approved).</summary>
    public string? CategoryDScope { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? accountId)
    {
        var actor = await current.GetAsync(HttpContext.RequestAborted);
        if (!(actor.Is(Role.Operator) || actor.Is(Role.SectionHead)))
        {
            return Forbid();
        }
        if (!await LoadAsync(actor))
        {
            return NotFound();
        }
        Input.AccountId = Original?.AccountId ?? accountId;
        if (Original is { PublishedAt: { } publishedAt })
        {
            Input.Text = $"【訂正】{Wareki.Format(publishedAt)}の投稿に誤りがありました。正しくは「」です。お詫びして訂正いたします。";
        }
        else if (Original is not null)
        {
            ModelState.AddModelError(string.Empty, "訂正できるのは公開済みの投稿だけです。公開前の投稿は、差戻し・編集で直してください。");
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        var actor = await current.GetAsync(ct);
        if (!(actor.Is(Role.Operator) || actor.Is(Role.SectionHead)))
        {
            return Forbid();
        }
        if (!await LoadAsync(actor))
        {
            return NotFound();
        }
        var accountId = Original?.AccountId ?? Input.AccountId;
        if (accountId is null)
        {
            ModelState.AddModelError("Input.AccountId", "発信するアカウントを選んでください。");
            return Page();
        }
        var account = await db.FindVisibleAsync(accountId.Value, actor, ct);
        if (account is null)
        {
            ModelState.AddModelError("Input.AccountId", "選んだアカウントが見つかりません。");
            return Page();
        }
        var scheduled = PostPages.FromLocal(Input.ScheduledAt);
        if (!string.IsNullOrWhiteSpace(Input.ScheduledAt) && scheduled is null)
        {
            ModelState.AddModelError("Input.ScheduledAt", "予約日時の形式が正しくありません。");
            return Page();
        }
        var input = new PostInput(Input.Text, Post.SplitLinks(Input.Links), Input.Category, scheduled, Input.ReplyTo, PublicSourceUrl: Input.PublicSourceUrl);
        Post? post = null;
        var outcome = await this.SaveAsync(db, async () => post = Original is null
            ? await PostUseCases.CreateAsync(db, actor, account, Input.Kind, input, clock.GetUtcNow(), ct)
            : await PostUseCases.CorrectAsync(db, actor, account, Original, input, clock.GetUtcNow(), ct), ct: ct);
        return outcome switch
        {
            Outcome.Saved => Redirect($"/posts/{post!.Id}"),
            Outcome.Forbidden => Forbid(),
            _ => Page(),
        };
    }

    private async Task<bool> LoadAsync(Actor actor)
    {
        var ct = HttpContext.RequestAborted;
        if (Correct is { } id)
        {
            Original = await db.FindVisiblePostAsync(id, actor, ct);
            if (Original is null)
            {
                return false;
            }
        }
        var accounts = await db.Accounts.VisibleTo(actor).AsNoTracking().Where(a => a.Status == AccountStatus.Listed).ToListAsync(ct);
        Accounts = [.. accounts.Where(a => actor.IsStaffOf(a.SectionId)).Select(a => (a.Id, a.CurrentPolicy.AccountName ?? "")).OrderBy(a => a.Item2)];
        if (actor.SectionId is { } section)
        {
            CategoryDScope = (await db.SectionSettingsAsync(section, ct)).CategoryDScopeShown;
        }
        return true;
    }
}
