using Microsoft.AspNetCore.Authorization;
using MuniSocial.Features.Home;

namespace MuniSocial.Features.Shared;

/// <summary>
/// The staff header's person (name, section, roles) and navigation grouped by task (日々の運用 / 発信 / アカウント /
/// 広報担当 / 管理). Which links a person sees is decided by the policies of <see cref="AccessTable"/> for each link's page
/// (the same check that guards the page), never by a second list of roles; a group with no link left is not shown.
/// The counts of waiting work (<see cref="WaitingWork"/>) stay on their links.
/// </summary>
public sealed class StaffNavViewComponent(CurrentActor current, WaitingWork work, IAuthorizationService authorization) : ViewComponent
{
    /// <summary>One link: the page, its text, the count of work waiting there, and whether it is the page shown.</summary>
    public sealed record Link(string Href, string Text, int Count, string? Current, string? Id = null);

    public sealed record Group(string Key, string Name, IReadOnlyList<Link> Links);

    public sealed record Model(string PersonName, string? SectionName, string RoleNames, IReadOnlyList<Group> Groups);

    /// <summary>Every link of the staff navigation, by group, in order. A new staff page that people open from anywhere is one line here.</summary>
    public static readonly IReadOnlyList<(string Key, string Name, (string Href, string Text)[] Links)> Menu =
    [
        ("daily", "日々の運用",
        [
            ("/home", "職員ホーム"),
            ("/operations", "本日の確認"),
            ("/comments", "利用者の書込み"),
            ("/incidents", "インシデント"),
            ("/unapproved-posts", "未承認の投稿"),
            ("/guideline", "ガイドライン"),
        ]),
        ("posts", "発信",
        [
            ("/posts", "発信・返信"),
            ("/posts/new", "新しい投稿"),
            ("/posts/archive", "発信の記録"),
            ("/posts/section-settings", "事前承認範囲と確認"),
        ]),
        ("accounts", "アカウント",
        [
            ("/accounts", "アカウント管理"),
            ("/accounts/new", "アカウントの登録"),
            ("/forms", "様式"),
            ("/access-holders", "要削除の権限"),
        ]),
        ("pr", "広報担当",
        [
            ("/review", "審査待ち"),
            ("/board", "運用状況"),
            ("/publishing-pause", "発信の一時停止"),
            ("/terms", "標準規約"),
            ("/guideline/acknowledgements", "ガイドライン確認状況"),
            ("/guideline/versions", "ガイドラインの版"),
            ("/posts/settings", "内容チェックの辞書"),
        ]),
        ("admin", "管理",
        [
            ("/admin/users", "利用者管理"),
            ("/admin/organisation", "組織管理"),
            ("/admin/office", "市の名称・紋章・様式"),
            ("/admin/networks", "職場のネットワーク"),
            ("/comments/settings", "書込みの保存期間"),
            ("/admin/jobs", "定期処理"),
            ("/audit", "監査記録"),
        ]),
    ];

    /// <summary>
    /// Each menu link's policies from its AccessTable line, looked up once (a link without a line fails at start, rather
    /// than being hidden from everyone).
    /// </summary>
    private static readonly Dictionary<string, string[]> LinkPolicies = Menu.SelectMany(g => g.Links).ToDictionary(
        l => l.Href,
        l => (AccessTable.ForPage(l.Href) ?? throw new InvalidOperationException($"メニューのリンク {l.Href} に AccessTable の行がありません。"))
            .Policies.Where(p => p != AccessTable.Anonymous).ToArray());

    public async Task<IViewComponentResult> InvokeAsync()
    {
        var ct = HttpContext.RequestAborted;
        var actor = await current.FindAsync(ct);
        var list = await work.CurrentAsync(actor, ct);
        var path = AccessTable.Normalise(HttpContext.Request.Path.Value ?? "/");
        var allowed = new Dictionary<string, bool>(StringComparer.Ordinal);
        async Task<bool> MayOpenAsync(string href)
        {
            foreach (var policy in LinkPolicies[href])
            {
                if (!allowed.TryGetValue(policy, out var ok))
                {
                    ok = (await authorization.AuthorizeAsync(UserClaimsPrincipal, HttpContext, policy)).Succeeded;
                    allowed[policy] = ok;
                }
                if (!ok)
                {
                    return false;
                }
            }
            return true;
        }
        // The page shown is "page"; the closest link above it (/posts for /posts/…) is "true" (the section you are in).
        var all = Menu.SelectMany(g => g.Links).Select(l => l.Href).ToList();
        var section = all.Where(h => h != "/home" && path.StartsWith(h + "/", StringComparison.OrdinalIgnoreCase)).OrderByDescending(h => h.Length).FirstOrDefault();
        var groups = new List<Group>();
        foreach (var (key, name, links) in Menu)
        {
            var shown = new List<Link>();
            foreach (var (href, text) in links)
            {
                if (!await MayOpenAsync(href))
                {
                    continue;
                }
                var currentMark = string.Equals(href, path, StringComparison.OrdinalIgnoreCase) ? "page"
                    : !all.Contains(path, StringComparer.OrdinalIgnoreCase) && href == section ? "true" : null;
                var label = text;
                if (href == "/incidents" && UserClaimsPrincipal.IsInRole(nameof(Role.PrOffice)))
                {
                    // The PR office's waiting work already holds every open incident (WaitingWork.TroubleAsync).
                    var open = list.Items.Count(i => i.Kind == WorkKind.IncidentOpen);
                    label = open > 0 ? $"{text}（対応中 {open}件）" : text;
                }
                shown.Add(new Link(href, label, href == "/home" ? list.Items.Count : list.CountFor(href), currentMark, href == "/incidents" ? "nav-incidents" : null));
            }
            if (shown.Count > 0)
            {
                groups.Add(new Group(key, name, shown));
            }
        }
        return View(new Model(actor?.Name ?? UserClaimsPrincipal.Identity?.Name ?? "", current.SectionName,
            string.Join("・", actor?.Roles.Order().Select(Actor.RoleLabel) ?? []), groups));
    }
}
