using System.Net;

namespace MuniSocial.Features.Offsite;

/// <summary>
/// §5(2)イ 利用端末: work on the accounts is done from the office's PCs. The admin names the office
/// networks; an action from outside them needs a reason (情報発信の即時性), which is recorded and shown to
/// the section head. With no networks configured the rule is off (every address counts as the office).
/// </summary>
public sealed class OfficeNetworks(AppDbContext db)
{
    public const string ReasonRequiredMessage = "職場のネットワーク外からの操作です。即時性を要する理由を入力してください（ガイドライン5(2)イ 利用端末）。";

    public async Task<bool> IsInsideAsync(HttpContext http, CancellationToken ct)
    {
        var cidrs = await db.OfficeNetworks.AsNoTracking().Select(n => n.Cidr).ToListAsync(ct);
        if (cidrs.Count == 0)
        {
            return true;
        }
        // The in-process test server has no remote address: it is this machine.
        var address = http.Connection.RemoteIpAddress ?? IPAddress.Loopback;
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        return cidrs.Any(c => IPNetwork.TryParse(c, out var net) && net.Contains(address));
    }

    /// <summary>Null when inside the office networks; else the reason, which must be given.</summary>
    public async Task<string?> RequireReasonAsync(HttpContext http, string? reason, CancellationToken ct)
    {
        if (await IsInsideAsync(http, ct))
        {
            return null;
        }
        var text = reason?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            throw new DomainValidationException(new Dictionary<string, string[]> { ["offsiteReason"] = [ReasonRequiredMessage] });
        }
        if (text.Length > 1000)
        {
            throw new DomainValidationException(new Dictionary<string, string[]> { ["offsiteReason"] = ["理由は1000文字以内で入力してください。"] });
        }
        return text;
    }
}
