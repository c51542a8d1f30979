namespace MuniSocial.Features.PublicList;

public sealed class VerifyModel(IPublicSnapshotSource snapshots) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "url")]
    public string? Address { get; set; }

    public VerificationResult? Result { get; private set; }

    public async Task OnGetAsync()
    {
        if (!string.IsNullOrWhiteSpace(Address))
        {
            Result = Verification.Check(Address.Length > 500 ? Address[..500] : Address, await snapshots.CurrentAsync(HttpContext.RequestAborted));
        }
    }
}
