using System.Security.Cryptography;

namespace MuniSocial.Domain.Forms;

/// <summary>
/// A form as the workflow issued it: the PDF and the Word file exactly as rendered at the transition,
/// never re-rendered, with their SHA-256 (also written into the transition's audit entry).
/// </summary>
public sealed class IssuedDocument
{
    private IssuedDocument() { }

    public Guid Id { get; private set; }
    public Guid AccountId { get; private set; }
    public FormKind Form { get; private set; }

    /// <summary>The 運用ポリシー version the form was issued for (様式1: the version printed).</summary>
    public int? PolicyVersionNumber { get; private set; }

    /// <summary>アカウント名 at issue, for the list and the file name.</summary>
    public string? AccountName { get; private set; }

    /// <summary>文書番号, when the city's settings give a format.</summary>
    public string? DocumentNumber { get; private set; }

    /// <summary>The audit action of the transition that issued it (account.listed …).</summary>
    public string IssuedFor { get; private set; } = "";
    public DateTimeOffset IssuedAt { get; private set; }
    public string IssuedById { get; private set; } = "";
    public string IssuedByName { get; private set; } = "";
    public byte[] Pdf { get; private set; } = [];
    public byte[] Docx { get; private set; } = [];
    public string Sha256Pdf { get; private set; } = "";
    public string Sha256Docx { get; private set; } = "";

    public static IssuedDocument Issue(Guid accountId, string? accountName, FormKind form, int? policyVersion, string? documentNumber, string issuedFor,
        DateTimeOffset at, string byId, string byName, byte[] pdf, byte[] docx) => new()
        {
            Id = Guid.CreateVersion7(),
            AccountId = accountId,
            AccountName = accountName is { Length: > 100 } n ? n[..100] : accountName,
            Form = form,
            PolicyVersionNumber = policyVersion,
            DocumentNumber = documentNumber,
            IssuedFor = issuedFor,
            IssuedAt = at.ToUniversalTime(),
            IssuedById = byId,
            IssuedByName = byName,
            Pdf = pdf,
            Docx = docx,
            Sha256Pdf = Sha256(pdf),
            Sha256Docx = Sha256(docx),
        };

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>A file name a clerk can file: 様式3_20260601_アカウント名.pdf (characters unsafe in file names removed).</summary>
    public static string FileName(FormKind form, DateOnly date, string? accountName, string extension)
    {
        var name = new string((accountName ?? "").Where(c => !Path.GetInvalidFileNameChars().Contains(c) && c is not ('\\' or '/' or ':' or '*' or '?' or '"' or '<' or '>' or '|')).ToArray()).Trim();
        if (name.Length > 40)
        {
            name = name[..40];
        }
        return $"{FormKinds.Label(form)}_{date:yyyyMMdd}{(name.Length > 0 ? "_" + name : "")}.{extension}";
    }
}
