using Microsoft.AspNetCore.Identity;
using MuniSocial.Domain.Audit;
using MuniSocial.Infrastructure.Seeding;

namespace MuniSocial.Infrastructure;

/// <summary>
/// Command-line verbs for the operators of the system:
///   create-admin &lt;userName&gt; [displayName] — the first admin of a production install. The password is
///       read from MUNISOCIAL_ADMIN_PASSWORD or from standard input and never printed.
///   verify-audit [--anchor &lt;file|hash|sequence:hash&gt;] — walks the audit chain (HMAC under Audit:ChainKey) and reports the
///       first broken link; with an anchor kept outside the database, also a cut tail or a re-hashed chain (exit code 1).
///   export-anchor &lt;file&gt; — writes the chain's head (sequence, hash, time) signed, to be kept outside the system.
///   backup &lt;file&gt; — an online backup (database + data folder files + manifest) into one zip.
///   restore &lt;file&gt; — into an empty data folder and an empty database (the key folder is restored separately).
/// </summary>
public static class Commands
{
    public static bool IsCommand(string arg) => arg is "create-admin" or "verify-audit" or "export-anchor" or "backup" or "restore";

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        if (args[0] == "restore")
        {
            // Before anything touches the database: restore only into an empty one.
            return await RestoreAsync(app.Services, args.Skip(1).ToArray(), Console.Out);
        }
        await app.Services.InitialiseDatabaseAsync(app.Configuration);
        await Features.Audit.AuditAnchors.EnsureChainKeyedAsync(app.Services);
        await Seed.RunAsync(app.Services);
        await using var scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        return args[0] switch
        {
            "create-admin" => await CreateAdminAsync(sp, args.Skip(1).ToArray(), Console.In, Console.Out),
            "verify-audit" => await VerifyAuditAsync(sp.GetRequiredService<AppDbContext>(), Console.Out, AnchorArgument(args)),
            "export-anchor" => await ExportAnchorAsync(sp, args.Skip(1).ToArray(), Console.Out),
            "backup" => await BackupAsync(sp, args.Skip(1).ToArray(), Console.Out),
            _ => 2,
        };
    }

    private static string? AnchorArgument(string[] args)
    {
        var i = Array.IndexOf(args, "--anchor");
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : args.FirstOrDefault(a => a.StartsWith("--anchor=", StringComparison.Ordinal))?["--anchor=".Length..];
    }

    public static async Task<int> ExportAnchorAsync(IServiceProvider sp, string[] args, TextWriter output)
    {
        if (args.Length < 1 || string.IsNullOrWhiteSpace(args[0]))
        {
            await output.WriteLineAsync("使い方: export-anchor <ファイル>   (監査記録の最新の連番とハッシュを署名付きで書き出します)");
            return 2;
        }
        var anchor = await Features.Audit.AuditAnchors.HeadAsync(sp.GetRequiredService<AppDbContext>(), sp.GetRequiredService<TimeProvider>(), CancellationToken.None);
        if (anchor is null)
        {
            await output.WriteLineAsync("監査記録がまだありません。");
            return 1;
        }
        await File.WriteAllTextAsync(args[0], Features.Audit.AuditAnchors.Serialize(anchor));
        await output.WriteLineAsync($"監査記録の控えを {args[0]} に書き出しました: 連番 {anchor.Sequence}、ハッシュ {anchor.Hash}。システムの外（別の媒体）に保管してください。");
        return 0;
    }

    public static async Task<int> BackupAsync(IServiceProvider sp, string[] args, TextWriter output)
    {
        if (args.Length < 1 || string.IsNullOrWhiteSpace(args[0]))
        {
            await output.WriteLineAsync("使い方: backup <ファイル.zip>");
            return 2;
        }
        if (File.Exists(args[0]))
        {
            await output.WriteLineAsync($"{args[0]} は既にあります。別のファイル名を指定してください（上書きしません）。");
            return 1;
        }
        try
        {
            var source = BackupSource.From(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<DataFolder>());
            var manifest = await Backup.CreateAsync(source, args[0], sp.GetRequiredService<TimeProvider>());
            await output.WriteLineAsync($"バックアップを {args[0]} に作成しました（{manifest.Files.Count}ファイル、監査記録の最新 連番 {manifest.AuditHeadSequence}）。"
                + $" 鍵フォルダ {sp.GetRequiredService<Keys.SecretKeys>().Folder} は含みません。別に保管してください。");
            return 0;
        }
        catch (BackupException ex)
        {
            await output.WriteLineAsync(ex.Message);
            return 1;
        }
    }

    public static async Task<int> RestoreAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        if (args.Length < 1 || string.IsNullOrWhiteSpace(args[0]))
        {
            await output.WriteLineAsync("使い方: restore <ファイル.zip>   (空のデータフォルダと空のデータベースへ。鍵フォルダは別に戻してください)");
            return 2;
        }
        try
        {
            var target = BackupSource.From(services.GetRequiredService<IConfiguration>(), services.GetRequiredService<DataFolder>());
            var manifest = await Backup.RestoreAsync(target, args[0]);
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var anchor = manifest.AuditHeadSequence is { } s && manifest.AuditHeadHash is { } h ? new AuditAnchor(s, h) : null;
            var report = await Features.Audit.AuditQuery.VerifyAsync(db, CancellationToken.None, anchor);
            await output.WriteLineAsync($"{args[0]} を復元しました（{manifest.Files.Count}ファイル）。"
                + (report.IsIntact ? $"監査記録の連鎖は正常です（{report.EntriesChecked}件）。" : $"監査記録の連鎖が壊れています: 連番 {report.FirstBrokenSequence}。{report.Problem}"));
            return report.IsIntact ? 0 : 1;
        }
        catch (BackupException ex)
        {
            await output.WriteLineAsync(ex.Message);
            return 1;
        }
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

    public static async Task<int> VerifyAuditAsync(AppDbContext db, TextWriter output, string? anchorArgument = null)
    {
        AuditAnchor? anchor = null;
        if (anchorArgument is not null)
        {
            (anchor, var problem) = Features.Audit.AuditAnchors.Parse(anchorArgument, db.ChainKey!);
            if (anchor is null)
            {
                await output.WriteLineAsync(problem);
                return 1;
            }
        }
        var report = await Features.Audit.AuditQuery.VerifyAsync(db, CancellationToken.None, anchor);
        if (report.IsIntact)
        {
            await output.WriteLineAsync($"監査記録の連鎖は正常です（{report.EntriesChecked}件）。最終の連番は {report.LastSequence}。"
                + (anchor is null ? "" : $"控え（アンカー）の記録{(anchor.Sequence is { } s ? $"（連番 {s}）" : "")}も一致しました。"));
            return 0;
        }
        await output.WriteLineAsync($"監査記録の連鎖が壊れています: 最初の不整合は連番 {report.FirstBrokenSequence}。{report.Problem}");
        return 1;
    }
}
