using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using MuniSocial.Infrastructure.Email;
using SignInResult = Microsoft.AspNetCore.Identity.SignInResult;

namespace MuniSocial.Infrastructure.Identity;

/// <summary>
/// The password check with no user enumeration (ASVS 6.3.x): an unknown name, a locked or deactivated user and a wrong
/// password all cost one password hash verification and get the same answer; only the right password of a user who may
/// not sign in is told so. Every outcome is a security event; a lockout also e-mails the user and the admins (the admin
/// can unlock at once on the user's page; otherwise it ends by itself after the lockout time).
/// </summary>
public sealed class AppSignInManager(UserManager<AppUser> userManager, IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<AppUser> claimsFactory, IOptions<IdentityOptions> optionsAccessor, ILogger<SignInManager<AppUser>> logger,
    IAuthenticationSchemeProvider schemes, IUserConfirmation<AppUser> confirmation, UnknownUserCheck unknown, SecurityEvents events,
    AppDbContext db, TimeProvider clock, Mfa mfa, IOptions<AuthOptions> authOptions)
    : SignInManager<AppUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var user = await UserManager.FindByNameAsync(userName);
        var result = user is null ? await unknown.CheckAsync(userName, password) : await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
        await EvenOutAsync(result, started);
        return result;
    }

    /// <summary>For the token endpoint: the same path as the sign-in page, by name.</summary>
    public async Task<(AppUser? User, SignInResult Result)> CheckPasswordByNameAsync(string userName, string password)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var user = await UserManager.FindByNameAsync(userName);
        var result = user is null ? await unknown.CheckAsync(userName, password) : await CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        await EvenOutAsync(result, started);
        return (user, result);
    }

    /// <summary>
    /// A refused sign-in by name is answered no sooner than <see cref="AuthOptions.FailedSignInMinimumTime"/> after it began:
    /// an unknown name costs one hash verification, a known one also a failure counter, an audit entry and perhaps a lockout
    /// e-mail, and without this floor the difference (≈15 ms here) tells an attacker which names exist. The wait is real
    /// time (it is about what a stopwatch on the other side sees), not the application's clock.
    /// </summary>
    private async Task EvenOutAsync(SignInResult result, long started)
    {
        if (result.Succeeded || result.RequiresTwoFactor)
        {
            return;
        }
        var remaining = authOptions.Value.FailedSignInMinimumTime - System.Diagnostics.Stopwatch.GetElapsedTime(started);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining);
        }
    }

    /// <summary>
    /// A signed-in user proves themself again before a step that weakens their sign-in or ends others (turning the second
    /// factor off, removing a passkey, ending sessions; ASVS 7.5.2): the current password — the sign-in's own check, so a
    /// wrong one counts towards the lockout and is a security event — or, for a user with an authenticator, a current code
    /// (each time step once). The password is tried when given; otherwise the code.
    /// </summary>
    public async Task<Reauthentication> ReauthenticateAsync(AppUser user, string? password, string? code)
    {
        if (!string.IsNullOrEmpty(password))
        {
            var result = await CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
            return result.Succeeded ? Reauthentication.Proven : result.IsLockedOut ? Reauthentication.LockedOut : Reauthentication.WrongPassword;
        }
        var clean = Mfa.CleanCode(code);
        if (clean.Length == 0)
        {
            return Reauthentication.Missing;
        }
        if (!user.TwoFactorEnabled)
        {
            return Reauthentication.NoAuthenticator;
        }
        if (await UserManager.VerifyTwoFactorTokenAsync(user, Options.Tokens.AuthenticatorTokenProvider, clean))
        {
            return Reauthentication.Proven;
        }
        await UserManager.AccessFailedAsync(user);
        return Reauthentication.WrongCode;
    }

    public override async Task<SignInResult> CheckPasswordSignInAsync(AppUser user, string password, bool lockoutOnFailure)
    {
        ArgumentNullException.ThrowIfNull(user);
        var wasLocked = UserManager.SupportsUserLockout && await UserManager.IsLockedOutAsync(user);
        SignInResult result;
        if (wasLocked || !await CanSignInAsync(user))
        {
            // Identity would answer before checking the password; the hash is verified anyway, so that the work is the same.
            var right = await UserManager.CheckPasswordAsync(user, password);
            result = wasLocked ? SignInResult.LockedOut : right ? SignInResult.NotAllowed : SignInResult.Failed;
        }
        else
        {
            result = await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);
        }
        if (!result.Succeeded)
        {
            await events.RecordAsync(SecurityEventKind.SignInFailed, user.Id, user.UserName,
                result.IsLockedOut ? "locked-out" : result.IsNotAllowed ? "not-allowed" : "wrong-password");
        }
        if (result.IsLockedOut && !wasLocked)
        {
            await events.RecordAsync(SecurityEventKind.LockedOut, user.Id, user.UserName, "too-many-failures");
            await TellOfLockoutAsync(user);
        }
        return result;
    }

    /// <summary>
    /// Set when a right password was not enough: the user must have a second factor, has no authenticator app, and signs in
    /// with a passkey (which is multi-factor by itself). The login page then says to use the passkey.
    /// </summary>
    public bool PasskeyRequired { get; private set; }

    /// <summary>The password step of a user who must have a second factor and whose only one is a passkey ends here.</summary>
    protected override async Task<SignInResult> SignInOrTwoFactorAsync(AppUser user, bool isPersistent, string? loginProvider = null, bool bypassTwoFactor = false)
    {
        if (!bypassTwoFactor && loginProvider is null && !await IsTwoFactorEnabledAsync(user)
            && await Passkeys.AnyAsync(db, user.Id, default)
            && mfa.IsRequired(user.IsDemo, user.RequireMfa, await MuniSocial.Features.Auth.SignInGate.RolesAsync(db, user.Id, default)))
        {
            PasskeyRequired = true;
            await events.RecordAsync(SecurityEventKind.SignInFailed, user.Id, user.UserName, "passkey-required");
            return SignInResult.NotAllowed;
        }
        return await base.SignInOrTwoFactorAsync(user, isPersistent, loginProvider, bypassTwoFactor);
    }

    /// <summary>
    /// Sign-in with a passkey (the assertion of <c>navigator.credentials.get</c>, after <see cref="SignInManager{TUser}.MakePasskeyRequestOptionsAsync"/>):
    /// Identity verifies it (signature, challenge, origin, RP id, user verification); then the same checks as a password sign-in
    /// (deactivated, demo user outside demo mode; not the password's lockout, which stays for the password), the passkey's counter is stored, and the cookie is issued as
    /// multi-factor (<c>amr=mfa</c>, method <see cref="Passkeys.Method"/>). Every outcome is a security event.
    /// A refused assertion names no user (the log has it with the address; the sign-in throttle limits the attempts).
    /// </summary>
    public override async Task<SignInResult> PasskeySignInAsync(string credentialJson)
    {
        var assertion = await PerformPasskeyAssertionAsync(credentialJson);
        if (!assertion.Succeeded)
        {
            await events.RecordAsync(SecurityEventKind.SignInFailed, null, null, "passkey: " + assertion.Failure.Message);
            return SignInResult.Failed;
        }
        var user = assertion.User;
        // The lockout guards the password, the factor that can be guessed; a passkey cannot be (a signature of the person's
        // device with its PIN or biometrics). So a lockout that someone keeps renewing by typing wrong passwords for the
        // admin's name does not keep the admin out when they have a passkey. Deactivated and demo users are refused as ever.
        if (!await CanSignInAsync(user))
        {
            await events.RecordAsync(SecurityEventKind.SignInFailed, user.Id, user.UserName, "passkey: not-allowed");
            return SignInResult.NotAllowed;
        }
        var passwordLocked = await UserManager.IsLockedOutAsync(user);
        if (!(await UserManager.AddOrUpdatePasskeyAsync(user, assertion.Passkey)).Succeeded)
        {
            await events.RecordAsync(SecurityEventKind.SignInFailed, user.Id, user.UserName, "passkey: not stored");
            return SignInResult.Failed;
        }
        if (!passwordLocked)
        {
            await UserManager.ResetAccessFailedCountAsync(user);
        }
        await SignInWithClaimsAsync(user, isPersistent: false,
            [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.AuthenticationMethod, Passkeys.Method), new System.Security.Claims.Claim(OidcSignIn.AmrClaim, "mfa")]);
        await events.RecordAsync(SecurityEventKind.SignInSucceeded, user.Id, user.UserName, passwordLocked ? Passkeys.Method + " (password locked out)" : Passkeys.Method);
        return SignInResult.Success;
    }

    private async Task TellOfLockoutAsync(AppUser user)
    {
        var until = user.LockoutEnd is { } end ? Wareki.FormatDateTime(end) : "しばらく";
        var adminRoleId = await db.Roles.Where(r => r.Name == nameof(Role.Admin)).Select(r => r.Id).FirstOrDefaultAsync();
        var admins = await db.UserRoles.Where(ur => ur.RoleId == adminRoleId).Join(db.Users, ur => ur.UserId, u => u.Id, (ur, u) => u)
            .Where(u => u.IsActive && u.Email != null && u.Email != "").Select(u => new { u.Email, u.DisplayName }).ToListAsync();
        var name = string.IsNullOrWhiteSpace(user.DisplayName) ? user.UserName ?? user.Id : user.DisplayName;
        var mails = new List<OutgoingMail>();
        if (!string.IsNullOrWhiteSpace(user.Email))
        {
            mails.Add(new OutgoingMail(user.Email, name, "【名寄市ソーシャルメディア】ログインが一時的にロックされました",
                $"{name} 様\n\nあなたのユーザー名（{user.UserName}）でパスワードの誤りが続いたため、{until}までログインできなくなっています。\n"
                + "心当たりがない場合は、第三者が試している可能性があります。システム管理者へ連絡してください（管理者はすぐにロックを解除できます）。\n"));
        }
        mails.AddRange(admins.Select(a => new OutgoingMail(a.Email!, a.DisplayName, "【名寄市ソーシャルメディア】利用者のログインがロックされました",
            $"利用者 {name}（{user.UserName}）のログインが、パスワードの誤りが続いたため{until}までロックされました。\n"
            + "本人に確認のうえ、必要なら「利用者の管理」からロックを解除してください。\n")));
        MailOutbox.Enqueue(db, mails, clock.GetUtcNow(), "security.locked-out");
        await db.SaveChangesAsync();
    }
}

/// <summary>
/// A name that matches no user: a password hash is still verified (against a hash of a random password made once), so
/// that the time taken does not say whether the name exists.
/// </summary>
public sealed class UnknownUserCheck(IPasswordHasher<AppUser> hasher, DummyPasswordHash dummy, SecurityEvents events)
{
    public async Task<SignInResult> CheckAsync(string userName, string password)
    {
        _ = hasher.VerifyHashedPassword(DummyPasswordHash.Nobody, dummy.Hash(hasher), password ?? "");
        dummy.Counted();
        await events.RecordAsync(SecurityEventKind.SignInFailed, null, userName, "unknown-user");
        return SignInResult.Failed;
    }
}

/// <summary>The dummy hash (one per app) and how often it was verified (<see cref="Checks"/>, read by the tests).</summary>
public sealed class DummyPasswordHash
{
    internal static readonly AppUser Nobody = new() { Id = "00000000-0000-0000-0000-000000000000", UserName = "-" };
    private string? _value;
    private long _checks;

    public long Checks => Interlocked.Read(ref _checks);

    internal string Hash(IPasswordHasher<AppUser> hasher) =>
        LazyInitializer.EnsureInitialized(ref _value, () => hasher.HashPassword(Nobody, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24))));

    internal void Counted() => Interlocked.Increment(ref _checks);
}

/// <summary>The outcome of <see cref="AppSignInManager.ReauthenticateAsync"/>.</summary>
public enum Reauthentication
{
    Proven,
    Missing,
    WrongPassword,
    LockedOut,
    NoAuthenticator,
    WrongCode,
}
