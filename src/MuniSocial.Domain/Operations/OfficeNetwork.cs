using System.Net;
using MuniSocial.Domain.Audit;

namespace MuniSocial.Domain.Operations;

/// <summary>An office network (CIDR) named by the admin, for §5(2)イ 利用端末.</summary>
public sealed class OfficeNetwork : AuditedEntity
{
    private OfficeNetwork() { }

    public Guid Id { get; private set; }
    public string Cidr { get; private set; } = "";
    public string Label { get; private set; } = "";
    public DateTimeOffset AddedAt { get; private set; }
    public string AddedByName { get; private set; } = "";

    public static OfficeNetwork Add(Actor by, string? cidr, string? label, DateTimeOffset at)
    {
        if (!by.Is(Role.Admin))
        {
            throw new DomainForbiddenException("職場のネットワークを設定できるのはシステム管理者です。");
        }
        var text = cidr?.Trim() ?? "";
        if (!IPNetwork.TryParse(text, out var net))
        {
            throw new DomainValidationException(new Dictionary<string, string[]> { ["cidr"] = ["ネットワークはCIDR形式（例: 192.168.10.0/24）で入力してください。"] });
        }
        var name = label?.Trim() ?? "";
        if (name.Length is 0 or > 100)
        {
            throw new DomainValidationException(new Dictionary<string, string[]> { ["label"] = ["名称（例: 本庁舎）を100文字以内で入力してください。"] });
        }
        var network = new OfficeNetwork { Id = Guid.CreateVersion7(), Cidr = net.ToString(), Label = name, AddedAt = at, AddedByName = by.Name };
        network.Audit(new AuditRecord("office-network.added", nameof(OfficeNetwork), network.Id.ToString(), by.UserId, by.Name, at, null, $"{network.Label} {network.Cidr}"));
        return network;
    }

    public AuditRecord Removed(Actor by, DateTimeOffset at)
    {
        if (!by.Is(Role.Admin))
        {
            throw new DomainForbiddenException("職場のネットワークを設定できるのはシステム管理者です。");
        }
        return new AuditRecord("office-network.removed", nameof(OfficeNetwork), Id.ToString(), by.UserId, by.Name, at, $"{Label} {Cidr}", null);
    }
}
