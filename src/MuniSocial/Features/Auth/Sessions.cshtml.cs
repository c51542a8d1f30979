using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;

namespace MuniSocial.Features.Auth;

/// <summary>
/// /me/sessions (ASVS 7.5.2): the signed-in person's own live sessions — browsers and API tokens — with when each began,
/// its last use, where it came from and the browser in plain words, this one marked; one other session, or all others,
/// ended after the person proves themself again with one factor (the current password, or the authenticator's code for
/// someone who has one). An ended browser session's cookie is refused on its next request (<see cref="UserSessions"/>),
/// an ended token at once (<see cref="BearerStamp"/>). Sessions are named in the form by a handle derived from the id,
/// never by the id itself (the id is the secret the cookie carries).
/// </summary>
public sealed class SessionsModel(UserManager<AppUser> users, AppSignInManager signIn, AppDbContext db, TimeProvider clock, SecurityEvents events) : PageModel
{
    /// <summary>The value of <see cref="InputModel.Session"/> that ends every session but this one.</summary>
    public const string AllOthers = "all-others";

    public sealed record Row(string Handle, UserSessionKind Kind, string Client, string? Address, DateTimeOffset CreatedAt, DateTimeOffset? LastSeenAt, bool IsThis);

    public sealed class InputModel
    {
        [Required(ErrorMessage = "終了するセッションを選んでください。")]
        [StringLength(64, ErrorMessage = "終了するセッションを一覧から選んでください。")]
        public string Session { get; set; } = "";

        [StringLength(256, ErrorMessage = "パスワードは256文字以内です。")]
        public string? CurrentPassword { get; set; }

        [StringLength(20, ErrorMessage = "コードは6桁の数字です。")]
        public string? Code { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IReadOnlyList<Row> Sessions { get; private set; } = [];

    /// <summary>The person has an authenticator: the code is offered as the other way to prove themself.</summary>
    public bool HasAuthenticator { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        await LoadAsync(user);
        var others = Sessions.Where(s => !s.IsThis).ToList();
        if (ModelState.IsValid && Input.Session != AllOthers && others.All(s => s.Handle != Input.Session))
        {
            // Not one of this person's other live sessions (someone else's, this one, or already ended): nothing to end here.
            return NotFound();
        }
        var password = Input.CurrentPassword ?? "";
        var code = Mfa.CleanCode(Input.Code);
        if (ModelState.IsValid && password.Length == 0 && code.Length == 0)
        {
            ModelState.AddModelError("Input.CurrentPassword", HasAuthenticator
                ? "本人確認のため、現在のパスワードか認証アプリの6桁のコードを入力してください。"
                : "本人確認のため、現在のパスワードを入力してください。");
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var proof = await signIn.ReauthenticateAsync(user, password, code);
        if (proof is Reauthentication.WrongPassword or Reauthentication.LockedOut)
        {
            ModelState.AddModelError("Input.CurrentPassword", proof == Reauthentication.LockedOut
                ? SecurityModel.LockedOutMessage
                : "現在のパスワードが正しくありません。セッションは終了していません。");
            return Page();
        }
        if (proof != Reauthentication.Proven)
        {
            ModelState.AddModelError("Input.Code", HasAuthenticator
                ? "コードが正しくないか、期限が切れているか、既に使われています。認証アプリに表示されている最新の6桁を入力してください。セッションは終了していません。"
                : "この利用者は認証アプリを設定していません。現在のパスワードを入力してください。");
            return Page();
        }
        var now = clock.GetUtcNow();
        var chosen = Input.Session == AllOthers ? others : others.Where(s => s.Handle == Input.Session).ToList();
        var ids = (await LiveAsync(user.Id, now)).Where(s => chosen.Any(c => c.Handle == UserSessions.Handle(s.Id))).Select(s => s.Id).ToList();
        var ended = 0;
        foreach (var id in ids)
        {
            ended += await UserSessions.EndAsync(db, id, now) ? 1 : 0;
        }
        await events.RecordAsync(SecurityEventKind.SessionEnded, user.Id, user.UserName,
            Input.Session == AllOthers ? $"all-others count={ended}" : $"one kind={chosen[0].Kind}");
        return this.FlashAndRedirect(Input.Session == AllOthers
            ? $"ほかのセッションをすべて終了しました（{ended}件）。"
            : "選んだセッションを終了しました。", "/me/sessions");
    }

    private async Task LoadAsync(AppUser user)
    {
        var now = clock.GetUtcNow();
        var current = User.FindFirstValue(UserSessions.ClaimType);
        HasAuthenticator = user.TwoFactorEnabled;
        Sessions = [.. (await LiveAsync(user.Id, now))
            .Select(s => new Row(UserSessions.Handle(s.Id), s.Kind, ClientNames.Describe(s.Kind, s.UserAgent), s.ClientAddress, s.CreatedAt, s.LastSeenAt, s.Id == current))
            .OrderByDescending(r => r.IsThis).ThenByDescending(r => r.LastSeenAt ?? r.CreatedAt)];
    }

    /// <summary>This person's sessions that are not revoked and not past their end (compared in memory: SQLite keeps DateTimeOffset as text).</summary>
    private async Task<List<UserSession>> LiveAsync(string userId, DateTimeOffset now) =>
        [.. (await db.UserSessions.AsNoTracking().Where(s => s.UserId == userId && s.RevokedAt == null).ToListAsync(HttpContext.RequestAborted))
            .Where(s => s.ExpiresAt > now)];
}

/// <summary>A User-Agent in plain Japanese words where easy: 「Chrome（Windows）」; API clients and anything unknown said so.</summary>
public static class ClientNames
{
    public static string Describe(UserSessionKind kind, string? userAgent)
    {
        var browser = Browser(userAgent ?? "");
        var system = System(userAgent ?? "");
        var name = browser is null ? null : system is null ? browser : $"{browser}（{system}）";
        return kind == UserSessionKind.ApiToken
            ? name is null ? "API トークン" : $"API トークン（{name}）"
            : name ?? (system is null ? "不明なブラウザ" : $"不明なブラウザ（{system}）");
    }

    private static string? Browser(string ua) =>
        Has(ua, "Edg/") || Has(ua, "EdgA/") || Has(ua, "EdgiOS/") ? "Edge"
        : Has(ua, "OPR/") ? "Opera"
        : Has(ua, "Firefox/") || Has(ua, "FxiOS/") ? "Firefox"
        : Has(ua, "Chrome/") || Has(ua, "CriOS/") || Has(ua, "Chromium/") ? "Chrome"
        : Has(ua, "Safari/") && Has(ua, "Version/") ? "Safari"
        : Has(ua, "curl/") ? "curl"
        : Has(ua, "PowerShell/") ? "PowerShell"
        : null;

    private static string? System(string ua) =>
        Has(ua, "Windows") ? "Windows"
        : Has(ua, "Android") ? "Android"
        : Has(ua, "iPhone") ? "iPhone"
        : Has(ua, "iPad") ? "iPad"
        : Has(ua, "CrOS") ? "ChromeOS"
        : Has(ua, "Mac OS X") || Has(ua, "Macintosh") ? "Mac"
        : Has(ua, "Linux") ? "Linux"
        : null;

    private static bool Has(string ua, string part) => ua.Contains(part, StringComparison.Ordinal);
}
