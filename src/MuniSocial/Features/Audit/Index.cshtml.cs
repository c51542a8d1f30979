using Microsoft.AspNetCore.Authorization;
using MuniSocial.Domain.Audit;
using MuniSocial.Features.Admin;

namespace MuniSocial.Features.Audit;

/// <summary>監査記録: who did what, when, with before/after, and a check that the hash chain is unbroken.</summary>
public sealed class IndexModel(CurrentActor current, AppDbContext db, IAuthorizationService authorization) : GatedPageModel(current)
{
    [BindProperty(SupportsGet = true, Name = "action")]
    public string? ActionFilter { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? EntityId { get; set; }

    [BindProperty(SupportsGet = true, Name = "user")]
    public string? UserFilter { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    // Not "page": Razor Pages keeps that name for its own route value.
    [BindProperty(SupportsGet = true)]
    public int PageNumber { get; set; } = 1;

    public AuditPage? Result { get; private set; }

    public IReadOnlyList<string> Actions { get; private set; } = [];

    public AuditChainReport? Verification { get; private set; }

    /// <summary>Display names of the people on this page, by user id.</summary>
    public Dictionary<string, string> People { get; private set; } = [];

    /// <summary>「氏名（ユーザー名）」 of the users whose ids the snapshots of this page hold (e.g. who read the guideline).</summary>
    public Dictionary<string, string> Users { get; private set; } = [];

    /// <summary>The entities of this page's entries: kind, name, page.</summary>
    public Dictionary<(string Type, string Id), AuditSubject> Subjects { get; private set; } = [];

    public string PersonOf(AuditItem e) => People.GetValueOrDefault(e.ActorId) ?? e.ActorName;

    public AuditSubject SubjectOf(AuditItem e) =>
        Subjects.GetValueOrDefault((e.EntityType, e.EntityId)) ?? new AuditSubject(AuditLabels.Entity(e.EntityType), "（名前なし）", null);

    protected override bool Allows(Actor actor) => actor.Is(Role.Admin) || actor.Is(Role.PrOffice);

    public async Task OnGetAsync() => await LoadAsync();

    /// <summary>Runs over the whole chain; a POST because it is work on demand, not a page to be crawled or prefetched.</summary>
    public async Task OnPostVerifyAsync()
    {
        Verification = await AuditQuery.VerifyAsync(db, HttpContext.RequestAborted);
        await LoadAsync();
    }

    public string PageUrl(int page)
    {
        var query = new Dictionary<string, string?>
        {
            ["action"] = ActionFilter,
            ["entityId"] = EntityId,
            ["user"] = UserFilter,
            ["from"] = From,
            ["to"] = To,
            ["pageNumber"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/audit", query.Where(q => !string.IsNullOrWhiteSpace(q.Value)));
    }

    private async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        ModelState.Clear();
        Actions = await AuditQuery.ActionsAsync(db, ct);
        Result = await this.ReadAsync(() => AuditQuery.SearchAsync(db, new AuditFilter(ActionFilter, EntityId, UserFilter, From, To, Math.Max(1, PageNumber)), ct), prefix: "");
        if (Result is { } page)
        {
            (People, Subjects, Users) = await AuditReadable.LookUpAsync(db, page.Items, ct);
            // A reader is not sent to a page they may not open (the administrator to an account, the PR office to a user).
            var mayOpen = new Dictionary<string, bool>(StringComparer.Ordinal);
            foreach (var (key, subject) in Subjects.ToList())
            {
                if (subject.Url is { } url && AuditReadable.RouteOf(url) is { } route)
                {
                    if (!mayOpen.TryGetValue(route, out var may))
                    {
                        mayOpen[route] = may = await MayOpenAsync(route);
                    }
                    if (!may)
                    {
                        Subjects[key] = subject with { Url = null };
                    }
                }
            }
        }
    }

    private async Task<bool> MayOpenAsync(string route)
    {
        var access = AccessTable.Entries.FirstOrDefault(e => e.Route == route);
        if (access is null)
        {
            return false;
        }
        foreach (var policy in access.Policies)
        {
            if (!(await authorization.AuthorizeAsync(User, policy)).Succeeded)
            {
                return false;
            }
        }
        return true;
    }
}
