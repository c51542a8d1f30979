using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using MuniSocial.Domain.Audit;

namespace MuniSocial.Features.Admin;

/// <summary>What the admin enters for a user (the page and the API share it; field names are the API's).</summary>
public sealed record UserFields(string? DisplayName, string? Email, Guid? SectionId, IReadOnlyCollection<Role> Roles, EmploymentType EmploymentType);

/// <summary>One user as the admin sees it.</summary>
public sealed record UserView(
    string Id, string UserName, string DisplayName, string? Email, Guid? SectionId, string? SectionName,
    IReadOnlyList<Role> Roles, EmploymentType EmploymentType, bool IsActive, bool IsLockedOut, bool IsDemo, DateTimeOffset? LockoutEnd);

/// <summary>
/// Creating and changing users. UserManager saves on its own, so every change runs in one database
/// transaction together with its audit entry: either both are stored or neither. This helper is shared by
/// the admin pages and the admin API so the two cannot drift apart.
/// </summary>
public static class UserAdministration
{
    public const int MaxDisplayName = 200;
    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    public static async Task<AppUser> CreateAsync(UserManager<AppUser> users, AppDbContext db, Actor by, string? userName, UserFields fields,
        string? password, DateTimeOffset at, CancellationToken ct)
    {
        var errors = await ValidateAsync(db, fields, ct);
        var name = userName?.Trim() ?? "";
        if (name.Length == 0)
        {
            Add(errors, "userName", "ユーザー名を入力してください。");
        }
        else if (name.Length > 64)
        {
            Add(errors, "userName", "ユーザー名は64文字以内で入力してください。");
        }
        else if (await users.FindByNameAsync(name) is not null)
        {
            Add(errors, "userName", $"ユーザー名「{name}」は既に使われています。");
        }
        if (string.IsNullOrEmpty(password))
        {
            Add(errors, "password", "初期パスワードを入力してください。");
        }
        ThrowIfAny(errors);

        var user = new AppUser
        {
            UserName = name,
            DisplayName = fields.DisplayName!.Trim(),
            Email = Clean(fields.Email),
            EmailConfirmed = true,
            SectionId = fields.SectionId,
            EmploymentType = fields.EmploymentType,
            IsActive = true,
            CreatedAt = at,
            // ASVS 6.2: a password the admin chose is changed by the user at the first sign-in (SignInGate).
            MustChangePassword = true,
        };
        await InTransactionAsync(db, async () =>
        {
            Check(await users.CreateAsync(user, password!));
            Check(await users.AddToRolesAsync(user, fields.Roles.Distinct().Select(r => r.ToString())));
            db.AddAudit(new AuditRecord("user.created", "User", user.Id, by.UserId, by.Name, at,
                After: await SnapshotAsync(db, user, fields.Roles, ct)));
            await db.SaveChangesAsync(ct);
        }, ct);
        return user;
    }

    /// <summary>Display name, e-mail, section, roles and employment type. A change of section or roles ends the user's sessions.</summary>
    public static async Task UpdateAsync(UserManager<AppUser> users, AppDbContext db, Actor by, AppUser user, UserFields fields, DateTimeOffset at, CancellationToken ct)
    {
        var errors = await ValidateAsync(db, fields, ct);
        ThrowIfAny(errors);
        var currentRoles = await RolesOfAsync(db, user.Id, ct);
        var newRoles = fields.Roles.Distinct().ToHashSet();
        if (user.Id == by.UserId && currentRoles.Contains(Role.Admin) && !newRoles.Contains(Role.Admin))
        {
            throw new DomainRuleException("自分自身からシステム管理者の役割を外すことはできません。必要な場合は別の管理者に依頼してください。", "self-admin",
                new Dictionary<string, string[]> { ["roles"] = ["自分自身からシステム管理者の役割を外すことはできません。"] });
        }
        // Maker–checker (issue 14 item 8): nobody grants themself a role; another admin does.
        if (user.Id == by.UserId && newRoles.Except(currentRoles).ToList() is { Count: > 0 } granted)
        {
            throw new DomainRuleException($"自分自身に役割（{string.Join("・", granted.Select(Actor.RoleLabel))}）を付与することはできません。別のシステム管理者に依頼してください。", "self-grant",
                new Dictionary<string, string[]> { ["roles"] = ["自分自身に役割を付与することはできません。別のシステム管理者に依頼してください。"] });
        }
        var before = await SnapshotAsync(db, user, currentRoles, ct);
        var sessionsEnd = user.SectionId != fields.SectionId || !newRoles.SetEquals(currentRoles);
        await InTransactionAsync(db, async () =>
        {
            user.DisplayName = fields.DisplayName!.Trim();
            user.SectionId = fields.SectionId;
            user.EmploymentType = fields.EmploymentType;
            Check(await users.SetEmailAsync(user, Clean(fields.Email)));
            user.EmailConfirmed = true;
            Check(await users.UpdateAsync(user));
            var remove = currentRoles.Except(newRoles).Select(r => r.ToString()).ToList();
            var add = newRoles.Except(currentRoles).Select(r => r.ToString()).ToList();
            if (remove.Count > 0)
            {
                Check(await users.RemoveFromRolesAsync(user, remove));
            }
            if (add.Count > 0)
            {
                Check(await users.AddToRolesAsync(user, add));
            }
            if (sessionsEnd)
            {
                Check(await users.UpdateSecurityStampAsync(user));
            }
            var after = await SnapshotAsync(db, user, newRoles, ct);
            if (after != before)
            {
                db.AddAudit(new AuditRecord("user.updated", "User", user.Id, by.UserId, by.Name, at, before, after));
            }
            await db.SaveChangesAsync(ct);
        }, ct);
    }

    public static async Task SetActiveAsync(UserManager<AppUser> users, AppDbContext db, Actor by, AppUser user, bool active, DateTimeOffset at, CancellationToken ct)
    {
        if (!active && user.Id == by.UserId)
        {
            throw new DomainRuleException("自分自身を無効化することはできません。必要な場合は別の管理者に依頼してください。", "self-deactivate");
        }
        if (user.IsActive == active)
        {
            throw new DomainRuleException(active ? "この利用者は既に有効です。" : "この利用者は既に無効化されています。", "no-change");
        }
        await InTransactionAsync(db, async () =>
        {
            user.IsActive = active;
            Check(await users.UpdateAsync(user));
            // Ends the user's cookie sessions at the next validation; pages and the API already refuse an inactive user.
            Check(await users.UpdateSecurityStampAsync(user));
            db.AddAudit(new AuditRecord(active ? "user.activated" : "user.deactivated", "User", user.Id, by.UserId, by.Name, at,
                active ? "無効" : "有効", active ? "有効" : "無効"));
            await db.SaveChangesAsync(ct);
        }, ct);
    }

    public static async Task UnlockAsync(UserManager<AppUser> users, AppDbContext db, Actor by, AppUser user, DateTimeOffset at, CancellationToken ct)
    {
        if (user.LockoutEnd is not { } end || end <= at)
        {
            throw new DomainRuleException("この利用者はロックされていません。", "not-locked-out");
        }
        await InTransactionAsync(db, async () =>
        {
            Check(await users.SetLockoutEndDateAsync(user, null));
            Check(await users.ResetAccessFailedCountAsync(user));
            db.AddAudit(new AuditRecord("user.unlocked", "User", user.Id, by.UserId, by.Name, at,
                $"ロック中（{Wareki.FormatDateTime(end)}まで）", "ロック解除"));
            await db.SaveChangesAsync(ct);
        }, ct);
    }

    /// <summary>The admin sets a new password (e.g. the user forgot it). The password itself is never audited.</summary>
    public static async Task SetPasswordAsync(UserManager<AppUser> users, AppDbContext db, Actor by, AppUser user, string? password, DateTimeOffset at, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(password))
        {
            throw new DomainValidationException(new Dictionary<string, string[]> { ["newPassword"] = ["新しいパスワードを入力してください。"] });
        }
        await InTransactionAsync(db, async () =>
        {
            user.MustChangePassword = true; // saved with the new hash; the user changes it at the next sign-in
            var token = await users.GeneratePasswordResetTokenAsync(user);
            // ResetPasswordAsync validates the password and renews the security stamp (ends other sessions).
            Check(await users.ResetPasswordAsync(user, token, password), passwordField: "newPassword");
            db.AddAudit(new AuditRecord("user.password-set", "User", user.Id, by.UserId, by.Name, at,
                After: "システム管理者がパスワードを再設定しました"));
            await db.SaveChangesAsync(ct);
        }, ct);
    }

    /// <summary>The admin requires (or no longer requires) a second factor of a user whose roles do not already require one.</summary>
    public static async Task SetRequireMfaAsync(UserManager<AppUser> users, AppDbContext db, Actor by, AppUser user, bool require, DateTimeOffset at, CancellationToken ct)
    {
        if (user.RequireMfa == require)
        {
            throw new DomainRuleException(require ? "この利用者は既に二要素認証が必須です。" : "この利用者は二要素認証が必須に指定されていません。", "no-change");
        }
        await InTransactionAsync(db, async () =>
        {
            user.RequireMfa = require;
            Check(await users.UpdateAsync(user));
            db.AddAudit(new AuditRecord(require ? "user.mfa-required" : "user.mfa-not-required", "User", user.Id, by.UserId, by.Name, at,
                require ? "任意" : "必須", require ? "必須" : "任意"));
            await db.SaveChangesAsync(ct);
        }, ct);
    }

    /// <summary>
    /// The user lost their authenticator (and recovery codes): the admin removes the second factor; the user's sessions end,
    /// and a user who needs one enrols again at the next sign-in.
    /// </summary>
    public static async Task ResetMfaAsync(UserManager<AppUser> users, AppDbContext db, Actor by, AppUser user, DateTimeOffset at, CancellationToken ct)
    {
        var passkeys = await users.GetPasskeysAsync(user);
        if (!user.TwoFactorEnabled && passkeys.Count == 0)
        {
            throw new DomainRuleException("この利用者は二要素認証（認証アプリ・パスキー）を設定していません。", "no-change");
        }
        await InTransactionAsync(db, async () =>
        {
            // The passkeys go too: a lost device may be the one that holds them.
            foreach (var passkey in passkeys)
            {
                Check(await users.RemovePasskeyAsync(user, passkey.CredentialId));
            }
            if (user.TwoFactorEnabled)
            {
                Check(await users.SetTwoFactorEnabledAsync(user, false));
            }
            Check(await users.ResetAuthenticatorKeyAsync(user));
            db.AddAudit(new AuditRecord("user.mfa-reset", "User", user.Id, by.UserId, by.Name, at, "設定済み",
                passkeys.Count == 0 ? "システム管理者が二要素認証の設定を取り消しました" : $"システム管理者が二要素認証の設定（パスキー {passkeys.Count} 個を含む）を取り消しました"));
            await db.SaveChangesAsync(ct);
        }, ct);
    }

    public static async Task<IReadOnlyList<UserView>> ListAsync(AppDbContext db, DateTimeOffset now, string? userId, CancellationToken ct)
    {
        var query = db.Users.AsNoTracking();
        if (userId is not null)
        {
            query = query.Where(u => u.Id == userId);
        }
        var rows = await query
            .Select(u => new
            {
                u.Id,
                u.UserName,
                u.DisplayName,
                u.Email,
                u.SectionId,
                u.EmploymentType,
                u.IsActive,
                u.IsDemo,
                u.LockoutEnd,
                Section = db.Sections.Where(s => s.Id == u.SectionId).Select(s => s.Department.Name + " " + s.Name).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var roles = await db.UserRoles.Where(ur => ids.Contains(ur.UserId))
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name }).ToListAsync(ct);
        var byUser = roles.ToLookup(r => r.UserId, r => Enum.TryParse<Role>(r.Name, out var role) ? role : (Role?)null);
        return rows
            .Select(r => new UserView(r.Id, r.UserName ?? "", r.DisplayName, r.Email, r.SectionId, r.Section,
                byUser[r.Id].OfType<Role>().Order().ToList(), r.EmploymentType, r.IsActive, r.LockoutEnd is { } end && end > now, r.IsDemo, r.LockoutEnd))
            .OrderBy(u => u.SectionName ?? "\uffff", StringComparer.Ordinal).ThenBy(u => u.UserName, StringComparer.Ordinal)
            .ToList();
    }

    public static async Task<HashSet<Role>> RolesOfAsync(AppDbContext db, string userId, CancellationToken ct)
    {
        var names = await db.UserRoles.Where(ur => ur.UserId == userId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToListAsync(ct);
        return names.Select(n => Enum.TryParse<Role>(n, out var r) ? r : (Role?)null).OfType<Role>().ToHashSet();
    }

    public static string EmploymentShortLabel(EmploymentType t) => t switch
    {
        EmploymentType.Regular => "正規",
        EmploymentType.Reappointed => "再任用",
        EmploymentType.FiscalYearAppointed => "会計年度任用",
        EmploymentType.PartTime => "非常勤",
        _ => t.ToString(),
    };

    private static async Task<Dictionary<string, List<string>>> ValidateAsync(AppDbContext db, UserFields fields, CancellationToken ct)
    {
        var errors = new Dictionary<string, List<string>>();
        var displayName = fields.DisplayName?.Trim() ?? "";
        if (displayName.Length == 0)
        {
            Add(errors, "displayName", "氏名（表示名）を入力してください。");
        }
        else if (displayName.Length > MaxDisplayName)
        {
            Add(errors, "displayName", $"氏名（表示名）は{MaxDisplayName}文字以内で入力してください。");
        }
        var email = Clean(fields.Email);
        if (email is not null && (email.Length > 256 || !new EmailAddressAttribute().IsValid(email)))
        {
            Add(errors, "email", $"メールアドレス「{email}」の形式が正しくありません。");
        }
        if (!Enum.IsDefined(fields.EmploymentType))
        {
            Add(errors, "employmentType", "任用形態を選んでください。");
        }
        if (fields.Roles.Count == 0)
        {
            Add(errors, "roles", "役割を1つ以上選んでください。");
        }
        else if (fields.Roles.Any(r => !Enum.IsDefined(r)))
        {
            Add(errors, "roles", "存在しない役割が指定されています。");
        }
        var section = fields.SectionId is { } id
            ? await db.Sections.AsNoTracking().Where(s => s.Id == id).Select(s => new { s.Name, s.IsPrOffice }).FirstOrDefaultAsync(ct)
            : null;
        if (fields.SectionId is not null && section is null)
        {
            Add(errors, "sectionId", "指定された所属（課）が見つかりません。");
        }
        var needsSection = fields.Roles.Where(r => r is Role.Operator or Role.SectionHead or Role.PrOffice).ToList();
        if (fields.SectionId is null && needsSection.Count > 0)
        {
            Add(errors, "sectionId", $"{string.Join("・", needsSection.Select(Actor.RoleLabel))}の役割には所属（課）を指定してください。");
        }
        if (section is not null && !section.IsPrOffice && fields.Roles.Contains(Role.PrOffice))
        {
            var pr = await db.Sections.AsNoTracking().Where(s => s.IsPrOffice).Select(s => s.Department.Name + " " + s.Name).FirstOrDefaultAsync(ct);
            Add(errors, "roles", $"市広報担当の役割は、市広報担当の課（{pr}）の職員にだけ付けられます。");
        }
        return errors;
    }

    private static async Task<string> SnapshotAsync(AppDbContext db, AppUser user, IEnumerable<Role> roles, CancellationToken ct)
    {
        var section = user.SectionId is { } id
            ? await db.Sections.AsNoTracking().Where(s => s.Id == id).Select(s => s.Department.Name + " " + s.Name).FirstOrDefaultAsync(ct)
            : null;
        return JsonSerializer.Serialize(new
        {
            userName = user.UserName,
            displayName = user.DisplayName,
            email = user.Email,
            section,
            roles = roles.Distinct().Order().Select(r => r.ToString()).ToList(),
            employmentType = user.EmploymentType.ToString(),
            isActive = user.IsActive,
        }, Json);
    }

    /// <summary>Runs the Identity calls and the audit save as one unit; on failure nothing is stored.</summary>
    private static async Task InTransactionAsync(AppDbContext db, Func<Task> work, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            // Part of a larger change (the API's PUT): the caller commits or rolls back the whole.
            await work();
            return;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await work();
            await transaction.CommitAsync(ct);
        }
        catch
        {
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            throw;
        }
    }

    private static void Check(IdentityResult result, string passwordField = "password")
    {
        if (result.Succeeded)
        {
            return;
        }
        if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure)))
        {
            throw new DomainRuleException(result.Errors.First().Description, "concurrency");
        }
        var errors = new Dictionary<string, List<string>>();
        foreach (var e in result.Errors)
        {
            var field = e.Code switch
            {
                _ when e.Code.StartsWith("Password", StringComparison.Ordinal) => passwordField,
                _ when e.Code.Contains("UserName", StringComparison.Ordinal) => "userName",
                _ when e.Code.Contains("Email", StringComparison.Ordinal) => "email",
                _ => "",
            };
            Add(errors, field, e.Description);
        }
        ThrowIfAny(errors);
    }

    private static void Add(Dictionary<string, List<string>> errors, string field, string message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }
        list.Add(message);
    }

    private static void ThrowIfAny(Dictionary<string, List<string>> errors)
    {
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
