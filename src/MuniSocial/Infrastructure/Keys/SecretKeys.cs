using System.Security.Cryptography;
using MuniSocial.Domain.Audit;

namespace MuniSocial.Infrastructure.Keys;

/// <summary>
/// The two secrets that are kept out of the database and out of the backup of the data:
/// <list type="bullet">
/// <item><c>Audit:ChainKey</c> — the key of the audit chain's HMAC and of the signed anchor files;</item>
/// <item><c>DataProtection:KeyEncryptionKey</c> — the key (AES-256-GCM) that encrypts the Data Protection key ring at rest
/// (the key ring itself stays in the database, shared by every instance).</item>
/// </list>
/// Each is read from configuration / the environment (<c>Audit__ChainKey</c>, <c>DataProtection__KeyEncryptionKey</c>: base64 of
/// 32 random bytes), else from a file in the key folder (<c>Keys:Folder</c> or <c>MUNISOCIAL_KEYS</c>; by default
/// <c>munisocial-keys</c> beside the data folder, so outside it). When neither exists, the key is generated into the key folder in
/// development, under tests and in demo mode; a production start (not demo) refuses to start without it.
/// </summary>
public sealed class SecretKeys
{
    public const string ChainKeyFile = "audit-chain.key";
    public const string KekFile = "dataprotection-kek.key";

    public SecretKeys(AuditChainKey chain, byte[] keyEncryptionKey, string folder)
    {
        Chain = chain;
        KeyEncryptionKey = keyEncryptionKey;
        Folder = folder;
    }

    public AuditChainKey Chain { get; }

    /// <summary>AES-256 key for the Data Protection key ring at rest.</summary>
    public byte[] KeyEncryptionKey { get; }

    public string Folder { get; }

    public static string FolderOf(IConfiguration configuration, DataFolder data)
    {
        var configured = Environment.GetEnvironmentVariable("MUNISOCIAL_KEYS") is { Length: > 0 } env ? env : configuration["Keys:Folder"];
        return Path.GetFullPath(string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(Path.GetDirectoryName(data.Root.TrimEnd(Path.DirectorySeparatorChar)) ?? data.Root, "munisocial-keys")
            : configured);
    }

    public static SecretKeys Load(IConfiguration configuration, IHostEnvironment environment, DataFolder data)
    {
        var folder = FolderOf(configuration, data);
        var mayGenerate = environment.IsDevelopment() || environment.IsEnvironment("Testing") || configuration.GetValue<bool>("Demo:Enabled");
        var chain = Read(configuration, "Audit:ChainKey", folder, ChainKeyFile, mayGenerate);
        var kek = Read(configuration, "DataProtection:KeyEncryptionKey", folder, KekFile, mayGenerate);
        return new SecretKeys(new AuditChainKey(chain), kek, folder);
    }

    private static byte[] Read(IConfiguration configuration, string setting, string folder, string file, bool mayGenerate)
    {
        if (configuration[setting] is { Length: > 0 } configured)
        {
            return Decode(configured, setting);
        }
        var path = Path.Combine(folder, file);
        if (File.Exists(path))
        {
            return Decode(File.ReadAllText(path), path);
        }
        if (!mayGenerate)
        {
            throw new InvalidOperationException(
                $"{setting} がありません。環境変数 {setting.Replace(":", "__", StringComparison.Ordinal)}（32バイトの乱数のbase64）か鍵フォルダ {folder} の {file} を用意してください。"
                + $" (MuniSocial refuses to start in production without {setting}; it is kept out of the database and the backup.)");
        }
        Directory.CreateDirectory(folder);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temp, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        try
        {
            // Two instances starting at once: the first file wins, the other reads it.
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException)
        {
            File.Delete(temp);
        }
        return Decode(File.ReadAllText(path), path);
    }

    private static byte[] Decode(string value, string source)
    {
        try
        {
            var bytes = Convert.FromBase64String(value.Trim());
            if (bytes.Length >= 32)
            {
                return bytes.Length == 32 ? bytes : bytes[..32];
            }
        }
        catch (FormatException)
        {
        }
        throw new InvalidOperationException($"{source}: 鍵は32バイト以上の乱数をbase64で表したものにしてください。");
    }
}
