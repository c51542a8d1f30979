using System.Text;
namespace MuniSocial.Features.PublicList;

/// <summary>
/// 名寄市ソーシャルメディア一覧 (§5(3)ア): every Listed account with its accepted policy, grouped by
/// department (部) or by platform, narrowed by platform, department and a name search. All by GET, so a
/// citizen can bookmark or share a filtered list; the output cache varies by query string.
/// </summary>
public sealed class IndexModel(IPublicSnapshotSource snapshots) : PageModel
{
    public const string ByDepartment = "department";
    public const string ByPlatform = "platform";

    [BindProperty(SupportsGet = true, Name = "platform")]
    public string? Platform { get; set; }

    [BindProperty(SupportsGet = true, Name = "department")]
    public string? Department { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    [BindProperty(SupportsGet = true, Name = "group")]
    public string? Group { get; set; }

    /// <summary>How many accounts are listed in all, before any filter.</summary>
    public int Total { get; private set; }

    public IReadOnlyList<PublicAccount> Accounts { get; private set; } = [];

    public IReadOnlyList<AccountGroup> Groups { get; private set; } = [];

    public IReadOnlyList<(string Value, string Label)> PlatformOptions { get; private set; } = [];

    public IReadOnlyList<string> DepartmentOptions { get; private set; } = [];

    public bool GroupByPlatform => Group == ByPlatform;

    public bool Filtered => !string.IsNullOrEmpty(Platform) || !string.IsNullOrEmpty(Department) || !string.IsNullOrEmpty(Query);

    public sealed record AccountGroup(string Id, string Title, IReadOnlyList<PublicAccount> Accounts);

    public async Task OnGetAsync()
    {
        Query = Query?.Trim() is { Length: > 0 } q ? (q.Length > 100 ? q[..100] : q) : null;
        Group = Group == ByPlatform ? ByPlatform : ByDepartment;
        var all = (await snapshots.CurrentAsync(HttpContext.RequestAborted)).Listed;
        Total = all.Count;
        PlatformOptions = all.Select(a => a.PlatformCode).Distinct()
            .Select(code => Enum.TryParse<Platform>(code, out var p) ? p : Domain.Accounts.Platform.Other)
            .Distinct().Order()
            .Select(p => (p.ToString(), Labels.Of(p))).ToList();
        DepartmentOptions = all.Select(a => a.Department).Where(d => d.Length > 0).Distinct().ToList();
        // An unknown choice (an old bookmark, a renamed department) filters nothing rather than showing an empty list.
        if (Platform is not null && PlatformOptions.All(o => o.Value != Platform))
        {
            Platform = null;
        }
        if (Department is not null && !DepartmentOptions.Contains(Department))
        {
            Department = null;
        }
        var needle = Query is null ? null : Fold(Query);
        Accounts = all
            .Where(a => Platform is null || a.PlatformCode == Platform)
            .Where(a => Department is null || a.Department == Department)
            .Where(a => needle is null || Fold($"{a.AccountName} {a.AccountUrl} {a.Owner} {a.RelatedOrganisationName}").Contains(needle, StringComparison.Ordinal))
            .ToList();
        Groups = GroupByPlatform
            ? Accounts.GroupBy(a => a.Platform).OrderBy(g => PlatformOrder(g.First().PlatformCode)).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select((g, i) => new AccountGroup($"group-{i + 1}", g.Key, g.ToList())).ToList()
            : Accounts.GroupBy(a => a.Department.Length > 0 ? a.Department : "その他")
                .Select((g, i) => new AccountGroup($"group-{i + 1}", g.Key, g.ToList())).ToList();
    }

    /// <summary>Full-width and half-width letters, upper and lower case, katakana and hiragana all match each other.</summary>
    internal static string Fold(string text)
    {
        var folded = text.Normalize(NormalizationForm.FormKC).ToUpperInvariant();
        var chars = folded.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            // Katakana ァ(30A1)–ヶ(30F6) to hiragana ぁ(3041)–ゖ(3096).
            if (chars[i] is >= '\u30A1' and <= '\u30F6')
            {
                chars[i] = (char)(chars[i] - 0x60);
            }
        }
        return new string(chars);
    }

    private static int PlatformOrder(string code) => Enum.TryParse<Platform>(code, out var p) ? (int)p : int.MaxValue;
}
