namespace MuniSocial.Features.PublicList;

/// <summary>
/// §5(5)イ(イ) 市公式ホームページにて、なりすましサイトの情報を公開: the warnings the PR office published, fakes and
/// hijacked official accounts; nothing before it publishes, nothing after it withdraws.
/// </summary>
public sealed class ImpersonationModel(IPublicSnapshotSource snapshots) : PageModel
{
    public IReadOnlyList<PublicWarningView> Fakes { get; private set; } = [];
    public IReadOnlyList<PublicWarningView> Compromised { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var all = (await snapshots.CurrentAsync(HttpContext.RequestAborted)).Warnings;
        Fakes = all.Where(w => w.Kind == "impersonation").ToList();
        Compromised = all.Where(w => w.Kind == "compromised").ToList();
    }
}
