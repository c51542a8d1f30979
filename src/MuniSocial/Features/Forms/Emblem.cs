using MuniSocial.Infrastructure;
using MuniSocial.Domain.Audit;
using MuniSocial.Domain.Forms;

namespace MuniSocial.Features.Forms;

/// <summary>
/// The city's emblem (市章・ロゴ) in the header of every page, staff and public: uploaded on <c>/admin/office</c>, kept in
/// the data folder (<c>branding/emblem.png</c> or <c>.webp</c>), served at <c>GET /branding/emblem</c>. PNG and WebP only,
/// recognised by their first bytes (not by the name or the browser's word): no SVG, so no script can ever ride in an image.
/// Without an upload the header shows the default mark in <c>wwwroot/img/emblem.svg</c>.
/// </summary>
public sealed class Emblem(DataFolder data, PublicCacheInvalidation publicSite)
{
    public const int MaxBytes = 512 * 1024;

    public const string DefaultUrl = "/img/emblem.svg";

    private static readonly (string Extension, string ContentType)[] Kinds = [("png", "image/png"), ("webp", "image/webp")];

    /// <summary>The uploaded file and its content type, or null when none.</summary>
    public (string Path, string ContentType, DateTime Written)? Current()
    {
        foreach (var (extension, type) in Kinds)
        {
            var path = data.PathOf("branding", "emblem." + extension);
            if (File.Exists(path))
            {
                return (path, type, File.GetLastWriteTimeUtc(path));
            }
        }
        return null;
    }

    /// <summary>The address for an &lt;img&gt;: the upload (with its time, so a new one is fetched at once) or the default.</summary>
    public string Url() => Current() is { } c ? $"/branding/emblem?v={c.Written.Ticks}" : DefaultUrl;

    /// <summary>
    /// "png" or "webp" when <paramref name="head"/> starts like one (the signature and the header chunk after it: IHDR for
    /// a PNG, VP8/VP8L/VP8X for a WebP, so a signature glued to HTML is refused); null otherwise.
    /// </summary>
    public static string? KindOf(ReadOnlySpan<byte> head)
    {
        if (MuniSocial.Domain.Posts.MediaSniffer.Sniff(head) is { ContentType: "image/png" })
        {
            return "png";
        }
        return head.Length >= 16 && head[..4].SequenceEqual("RIFF"u8) && head[8..15].SequenceEqual("WEBPVP8"u8) && head[15] is (byte)' ' or (byte)'L' or (byte)'X'
            ? "webp" : null;
    }

    /// <summary>Checks and stores an upload; the Japanese reason when it is refused (nothing is changed then).</summary>
    public async Task<string?> SaveAsync(AppDbContext db, Actor by, IFormFile? file, DateTimeOffset at, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            return "紋章の画像ファイルを選んでください。";
        }
        if (file.Length > MaxBytes)
        {
            return $"紋章の画像は {MaxBytes / 1024} KB 以下にしてください（選んだファイルは {file.Length / 1024} KB です）。";
        }
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        if (KindOf(bytes) is not { } kind)
        {
            return "紋章の画像は PNG または WebP の形式にしてください（SVG や JPEG などは使えません）。";
        }
        var folder = data.PathOf("branding");
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, "emblem." + kind);
        var temporary = target + ".uploading";
        await File.WriteAllBytesAsync(temporary, bytes, ct);
        publicSite.MarkChanged(db);
        db.AddAudit(new AuditRecord("office.emblem-changed", "OfficeSettings", OfficeSettings.SingletonId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            by.UserId, by.Name, at, null, $"{{\"format\":\"{kind}\",\"bytes\":{bytes.Length},\"sha256\":\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))}\"}}"));
        await db.SaveChangesAsync(ct);
        RemoveFiles();
        File.Move(temporary, target, overwrite: true);
        return null;
    }

    /// <summary>Back to the default mark (audited).</summary>
    public async Task RemoveAsync(AppDbContext db, Actor by, DateTimeOffset at, CancellationToken ct)
    {
        if (Current() is null)
        {
            return;
        }
        publicSite.MarkChanged(db);
        db.AddAudit(new AuditRecord("office.emblem-removed", "OfficeSettings", OfficeSettings.SingletonId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            by.UserId, by.Name, at));
        await db.SaveChangesAsync(ct);
        RemoveFiles();
    }

    private void RemoveFiles()
    {
        foreach (var (extension, _) in Kinds)
        {
            var path = data.PathOf("branding", "emblem." + extension);
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
    }

    /// <summary><c>GET /branding/emblem</c>: the uploaded image, never sniffed, never run; 404 when none (the pages then use the default).</summary>
    public static IResult Serve(Emblem emblem, HttpContext http)
    {
        if (emblem.Current() is not { } current)
        {
            return Results.NotFound();
        }
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'";
        http.Response.Headers.CacheControl = "public, max-age=3600";
        return Results.File(current.Path, current.ContentType, lastModified: new DateTimeOffset(current.Written, TimeSpan.Zero));
    }
}
