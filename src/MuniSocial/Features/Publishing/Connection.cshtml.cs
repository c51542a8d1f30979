using MuniSocial.Domain.Publishing;
using MuniSocial.Infrastructure.Connectors;

namespace MuniSocial.Features.Publishing;

/// <summary>
/// 発信の接続: the account's connector as <c>GET /api/v1/accounts/{id}/connection</c> shows it. The section head
/// enters or replaces the platform's credentials (secrets as empty password inputs, never shown again) and disconnects
/// after a confirmation step; everybody else reads. Says when the platform has no connector (posts are recorded by hand),
/// and for LINE that the watch cannot read broadcasts back, and which webhook URL to enter in the LINE Developers console.
/// </summary>
public sealed class ConnectionModel(AppDbContext db, CurrentActor current, ConnectionSecrets secrets, IConfiguration configuration, TimeProvider clock) : PageModel
{
    public SocialAccount Account { get; private set; } = null!;
    public Actor Actor { get; private set; } = null!;
    public ConnectionView View { get; private set; } = null!;

    /// <summary>What the head enters, by the platform's field names (<see cref="ConnectionFields.Of"/>).</summary>
    [BindProperty]
    public Dictionary<string, string?> Fields { get; set; } = [];

    /// <summary>True on the confirmation step of a disconnection (<c>?disconnect=true</c>).</summary>
    [BindProperty(SupportsGet = true)]
    public bool Disconnect { get; set; }

    public bool IsHead => Actor.IsHeadOf(Account.SectionId);
    public bool CanEnter => IsHead && View.Connectable && Account.Status != AccountStatus.Closed;
    public IReadOnlyList<ConnectionField> PlatformFields => View.Platform is { } p ? ConnectionFields.Of(p) : [];

    /// <summary>The URL to enter as the LINE channel's webhook: the configured link base (else this request's host) and the account.</summary>
    public string WebhookUrl => $"{LinkBase}/webhooks/line/{Account.Id}";

    private string LinkBase => configuration["Smtp:LinkBase"] is { Length: > 0 } configured && Uri.TryCreate(configured, UriKind.Absolute, out _)
        ? configured.TrimEnd('/')
        : $"{Request.Scheme}://{Request.Host}";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        Fields = View.Fields.ToDictionary(f => f.Key, f => (string?)f.Value);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(Guid id, CancellationToken ct)
    {
        var input = Fields;
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        var created = false;
        var outcome = await this.RunAsync(db, async () => created = (await ConnectionUseCases.SaveAsync(db, secrets, Actor, Account, input, clock.GetUtcNow(), ct)).Created,
            field => $"Fields[{field}]");
        return await this.AnswerAsync(outcome, () => this.FlashAndRedirect(created
            ? "接続情報を登録しました。秘密の項目は暗号化して保存し、今後は表示しません。"
            : "接続情報を入れ替えました。秘密の項目は暗号化して保存し、今後は表示しません。", $"/accounts/{id}/connection"),
            async () =>
            {
                await LoadAsync(id, ct);
                // What was entered stays in the public fields; a secret is never sent back to the browser.
                Fields = PlatformFields.Where(f => !f.Secret).ToDictionary(f => f.Name, f => input.GetValueOrDefault(f.Name));
            });
    }

    public async Task<IActionResult> OnPostDisconnectAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        var removed = false;
        var outcome = await this.RunAsync(db, async () => removed = await ConnectionUseCases.DisconnectAsync(db, Actor, Account, clock.GetUtcNow(), ct));
        return await this.AnswerAsync(outcome, () => this.FlashAndRedirect(removed
            ? "接続を解除しました。保存していた接続情報は削除しました。プラットフォーム側でもトークンを無効にしてください。"
            : "このアカウントは接続されていません。", $"/accounts/{id}/connection"), () => LoadAsync(id, ct));
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        Actor = await current.GetAsync(ct);
        var account = await db.Accounts.AsNoTracking().VisibleTo(Actor).FirstOrDefaultAsync(a => a.Id == id, ct);
        if (account is null)
        {
            return false;
        }
        Account = account;
        View = ConnectionUseCases.ViewOf(secrets, account, await db.AccountConnections.AsNoTracking().FirstOrDefaultAsync(c => c.AccountId == id, ct));
        return true;
    }
}
