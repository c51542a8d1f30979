using Microsoft.AspNetCore.Identity;

namespace MuniSocial.Features.Admin;

public sealed class EditUserModel(CurrentActor current, AppDbContext db, UserManager<AppUser> users, TimeProvider clock) : AdminPageModel(current)
{
    [BindProperty]
    public UserFormInput Input { get; set; } = new();

    [BindProperty]
    public string? NewPassword { get; set; }

    public UserView Target { get; private set; } = null!;

    public IReadOnlyList<SectionOption> Sections { get; private set; } = [];

    public bool IsSelf => Target.Id == Actor.UserId;

    /// <summary>The admin's mark (<see cref="AppUser.RequireMfa"/>), whether a role requires MFA anyway, and whether the user has it.</summary>
    public bool MarkedForMfa { get; private set; }
    public bool RoleRequiresMfa => Mfa.RoleRequires(Target.Roles);
    public bool HasMfa { get; private set; }

    /// <summary>What the user has: the authenticator app, passkeys (both count as the second factor).</summary>
    public string MfaKinds { get; private set; } = "";

    /// <summary>The accounts this user can act on (access holders), flagged when a transfer or deactivation left them behind.</summary>
    public IReadOnlyList<AccessHolders.HoldingToRemove> HeldAccess { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(string id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        Input = UserFormInput.Of(Target);
        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync(string id) =>
        ChangeAsync(id, "利用者の情報を保存しました。", user => UserAdministration.UpdateAsync(users, db, Actor, user, Input.ToFields(), clock.GetUtcNow(), HttpContext.RequestAborted), keepInput: true);

    public Task<IActionResult> OnPostDeactivateAsync(string id) =>
        ChangeAsync(id, "利用者を無効化しました。この利用者はログインできず、API のトークンも使えなくなります。",
            user => UserAdministration.SetActiveAsync(users, db, Actor, user, false, clock.GetUtcNow(), HttpContext.RequestAborted));

    public Task<IActionResult> OnPostActivateAsync(string id) =>
        ChangeAsync(id, "利用者を有効にしました。", user => UserAdministration.SetActiveAsync(users, db, Actor, user, true, clock.GetUtcNow(), HttpContext.RequestAborted));

    public Task<IActionResult> OnPostUnlockAsync(string id) =>
        ChangeAsync(id, "ロックを解除しました。", user => UserAdministration.UnlockAsync(users, db, Actor, user, clock.GetUtcNow(), HttpContext.RequestAborted));

    public Task<IActionResult> OnPostPasswordAsync(string id) =>
        ChangeAsync(id, "新しいパスワードを設定しました。本人に安全な方法で伝えてください。",
            user => UserAdministration.SetPasswordAsync(users, db, Actor, user, NewPassword, clock.GetUtcNow(), HttpContext.RequestAborted));

    public Task<IActionResult> OnPostRequireMfaAsync(string id) =>
        ChangeAsync(id, "二要素認証を必須にしました。次のログインで認証アプリの設定を求められます。",
            user => UserAdministration.SetRequireMfaAsync(users, db, Actor, user, true, clock.GetUtcNow(), HttpContext.RequestAborted));

    public Task<IActionResult> OnPostRelaxMfaAsync(string id) =>
        ChangeAsync(id, "二要素認証の必須指定を外しました。",
            user => UserAdministration.SetRequireMfaAsync(users, db, Actor, user, false, clock.GetUtcNow(), HttpContext.RequestAborted));

    public Task<IActionResult> OnPostResetMfaAsync(string id) =>
        ChangeAsync(id, "二要素認証の設定を取り消しました。本人は次のログインで設定し直します。",
            user => UserAdministration.ResetMfaAsync(users, db, Actor, user, clock.GetUtcNow(), HttpContext.RequestAborted));

    private async Task<IActionResult> ChangeAsync(string id, string done, Func<AppUser, Task> change, bool keepInput = false)
    {
        // Binding problems are reported by the shared validation, in Japanese.
        ModelState.Clear();
        var user = await users.Users.FirstOrDefaultAsync(u => u.Id == id, HttpContext.RequestAborted);
        if (user is null)
        {
            return NotFound();
        }
        return await this.AnswerAsync(await this.RunAsync(db, () => change(user)), () =>
        {
            Message = done;
            return Redirect($"/admin/users/{id}");
        }, async () =>
        {
            NewPassword = null;
            await LoadAsync(id);
            if (!keepInput)
            {
                Input = UserFormInput.Of(Target);
            }
        });
    }

    private async Task<bool> LoadAsync(string id)
    {
        var found = await UserAdministration.ListAsync(db, clock.GetUtcNow(), id, HttpContext.RequestAborted);
        if (found.Count == 0)
        {
            return false;
        }
        Target = found[0];
        var mfa = await db.Users.AsNoTracking().Where(u => u.Id == id)
            .Select(u => new { u.RequireMfa, u.TwoFactorEnabled, Passkeys = db.UserPasskeys.Count(p => p.UserId == u.Id) }).SingleAsync(HttpContext.RequestAborted);
        MarkedForMfa = mfa.RequireMfa;
        HasMfa = mfa.TwoFactorEnabled || mfa.Passkeys > 0;
        MfaKinds = string.Join("・", new[] { mfa.TwoFactorEnabled ? "認証アプリ" : null, mfa.Passkeys > 0 ? $"パスキー {mfa.Passkeys} 個" : null }.OfType<string>());
        HeldAccess = await AccessHolders.AccessHolderUseCases.HeldByAsync(db, id, HttpContext.RequestAborted);
        Sections = await SectionOptions.LoadAsync(db, HttpContext.RequestAborted);
        return true;
    }
}
