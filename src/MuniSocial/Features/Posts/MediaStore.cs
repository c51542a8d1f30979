using MuniSocial.Domain.Posts;
using MuniSocial.Infrastructure;

namespace MuniSocial.Features.Posts;

/// <summary>
/// Uploaded photos and videos: type decided by the first bytes (JPEG, PNG, GIF, MP4), size limited, stored in
/// the data folder (outside wwwroot) under a generated name, served only with their sniffed image/video type and
/// under a name whose extension is that type's (<see cref="MediaSniffer.NameFor"/>).
/// </summary>
public sealed class MediaStore(DataFolder data)
{
    private string Folder => data.PathOf("post-media");

    public string PathOf(string storedName) => Path.Combine(Folder, Path.GetFileName(storedName));

    /// <summary>Validates and writes the file; throws a validation error naming "file" and writes nothing when it is refused.</summary>
    /// <remarks>Name is the sent name made to follow the type found (<c>x.html</c> holding a PNG is kept as <c>x.png</c>).</remarks>
    public async Task<(string StoredName, string Name, string ContentType, long Size)> SaveAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            throw Invalid("ファイルを選んでください。");
        }
        var shown = MediaSniffer.CleanName(file.FileName) is { Length: > 0 } clean ? clean : "選んだファイル";
        var head = new byte[MediaSniffer.HeadLength];
        int read;
        await using (var probe = file.OpenReadStream())
        {
            read = await probe.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        }
        if (MediaSniffer.Sniff(head.AsSpan(0, read)) is not { } type)
        {
            throw Invalid($"「{shown}」は使えない種類のファイルです。写真はJPEG・PNG・GIF、動画はMP4のファイルを選んでください（ファイルの中身で判定しています）。");
        }
        var limit = MediaSniffer.LimitFor(type.ContentType);
        if (file.Length > limit)
        {
            throw Invalid($"「{shown}」は大きすぎます（{file.Length / 1024.0 / 1024.0:0.0}MB）。{(type.ContentType.StartsWith("video/", StringComparison.Ordinal) ? "動画" : "写真")}は{limit / 1024 / 1024}MBまでです。");
        }
        Directory.CreateDirectory(Folder);
        var stored = Guid.NewGuid().ToString("N") + type.Extension;
        var path = PathOf(stored);
        await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
            await file.CopyToAsync(target, ct);
        }
        return (stored, MediaSniffer.NameFor(file.FileName, type.ContentType), type.ContentType, file.Length);
    }

    public void Delete(string storedName)
    {
        var path = PathOf(storedName);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    /// <summary>The name a download is offered under: the kept name made to follow the type (also for files kept before that rule).</summary>
    public static string DownloadName(PostMedia media) => MediaSniffer.NameFor(media.OriginalName, media.ContentType);

    private static DomainValidationException Invalid(string message) => new(new Dictionary<string, string[]> { ["file"] = [message] });
}
