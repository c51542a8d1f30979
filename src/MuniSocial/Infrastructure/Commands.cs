using Microsoft.AspNetCore.Identity;
using MuniSocial.Domain.Audit;
using MuniSocial.Infrastructure.Seeding;

namespace MuniSocial.Infrastructure;

/// <summary>
/// Command-line verbs for the operators of the system:
///   create-admin &lt;userName&gt; [displayName] — the first admin of a production install. The password is
///       read from MUNISOCIAL_ADMIN_PASSWORD or from standard input and never printed.
///   verify-audit — walks the audit chain and reports the first broken link (exit code 1 if broken).
/// </summary>
public static class Commands
{
    public static bool IsCommand(string arg) => arg is "create-admin" or "verify-audit";

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        await app.Services.InitialiseDatabaseAsync(app.Configuration);
        await Seed.RunAsync(app.Services);
        await using var scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        return args[0] switch
        {
            "create-admin" => await CreateAdminAsync(sp, args.Skip(1).ToArray(), Console.In, Console.Out),
            "verify-audit" => await VerifyAuditAsync(sp.GetRequiredService<AppDbContext>(), Console.Out),
            _ => 2,
        };
    }

    public static async Task<int> CreateAdminAsync(IServiceProvider sp, string[] args, TextReader input, TextWriter output)
    {
        if (args.Length < 1 || string.IsNullOrWhiteSpace(args[0]))
        {
            await output.WriteLineAsync("使い方: create-admin <ユーザー名> [表示名]   (パスワードは環境変数 MUNISOCIAL_ADMIN_PASSWORD か標準入力から)");
            return 2;
        }
        var password = Environment.GetEnvironmentVariable("MUNISOCIAL_ADMIN_PASSWORD");
        if (string.IsNullOrEmpty(password))
        {
            await output.WriteLineAsync("パスワードを入力してください（12文字以上）:");
            password = (await input.ReadLineAsync())?.TrimEnd('\r', '\n') ?? "";
        }
        var users = sp.GetRequiredService<UserManager<AppUser>>();
        var db = sp.GetRequiredService<AppDbContext>();
        var clock = sp.GetRequiredService<TimeProvider>();
        var userName = args[0].Trim();
        if (await users.FindByNameAsync(userName) is not null)
        {
            await output.WriteLineAsync($"ユーザー {userName} は既に存在します。別のユーザー名を指定してください。");
            return 1;
        }
        var user = new AppUser { UserName = userName, DisplayName = args.Length > 1 ? args[1] : userName, CreatedAt = clock.GetUtcNow(), EmailConfirmed = true };
        // The user, the role and the audit entry are stored together or not at all.
        await using var transaction = await db.Database.BeginTransactionAsync();
        var result = await users.CreateAsync(user, password);
        if (result.Succeeded)
        {
            result = await users.AddToRoleAsync(user, nameof(Role.Admin));
        }
        if (!result.Succeeded)
        {
            await transaction.RollbackAsync();
            await output.WriteLineAsync("作成できませんでした: " + string.Join(" ", result.Errors.Select(e => e.Description)));
            return 1;
        }
        db.AddAudit(new AuditRecord("user.created", "User", user.Id, "system", "create-admin コマンド", clock.GetUtcNow(),
            After: System.Text.Json.JsonSerializer.Serialize(new { userName = user.UserName, roles = new[] { nameof(Role.Admin) } })));
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        await output.WriteLineAsync($"管理者 {user.UserName} を作成しました。");
        return 0;
    }

    public static async Task<int> VerifyAuditAsync(AppDbContext db, TextWriter output)
    {
        var report = await AuditChain.VerifyAsync(db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable());
        if (report.IsIntact)
        {
            await output.WriteLineAsync($"監査記録の連鎖は正常です（{report.EntriesChecked}件）。");
            return 0;
        }
        await output.WriteLineAsync($"監査記録の連鎖が壊れています: 最初の不整合は連番 {report.FirstBrokenSequence}。{report.Problem}");
        return 1;
    }
}
