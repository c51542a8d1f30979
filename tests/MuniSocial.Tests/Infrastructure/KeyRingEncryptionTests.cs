using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MuniSocial.Infrastructure.Connectors;
using MuniSocial.Infrastructure.Keys;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Infrastructure;

/// <summary>
/// The Data Protection key ring in the database is encrypted at rest under DataProtection:KeyEncryptionKey, which is kept
/// outside the database: another instance with the same key reads it, one without cannot.
/// </summary>
public sealed class KeyRingEncryptionTests : IAsyncLifetime
{
    private readonly AppFactory _first = new();

    public Task InitializeAsync() => _first.InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)_first).DisposeAsync();

    [Fact]
    public async Task The_stored_key_ring_holds_no_plain_key_and_an_instance_with_the_same_kek_reads_it()
    {
        var secret = "kek-" + Guid.NewGuid().ToString("N");
        var protectedText = _first.Services.GetRequiredService<ConnectionSecrets>().Protect(new Dictionary<string, string> { ["accessToken"] = secret });

        var stored = await _first.DbAsync(db => db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml!).ToListAsync());
        Assert.NotEmpty(stored);
        Assert.All(stored, xml =>
        {
            Assert.Contains("<encryptedKey", xml, StringComparison.Ordinal);
            Assert.Contains(nameof(KeyRingXmlDecryptor), xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("unencrypted", xml, StringComparison.OrdinalIgnoreCase);
        });

        var kek = Convert.ToBase64String(_first.Services.GetRequiredService<SecretKeys>().KeyEncryptionKey);
        await using var second = new WithKek(_first, kek);
        await second.InitializeAsync();
        Assert.Equal(secret, second.Services.GetRequiredService<ConnectionSecrets>().Unprotect(protectedText)["accessToken"]);
    }

    [Fact]
    public async Task An_instance_without_the_kek_cannot_read_what_the_key_ring_protected()
    {
        var protectedText = _first.Services.GetRequiredService<ConnectionSecrets>().Protect(new Dictionary<string, string> { ["accessToken"] = "x" });
        await using var other = new WithKek(_first, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        await other.InitializeAsync();
        Assert.ThrowsAny<CryptographicException>(() => other.Services.GetRequiredService<ConnectionSecrets>().Unprotect(protectedText));
    }

    /// <summary>A second instance on the same database whose key encryption key comes from configuration (the environment in production).</summary>
    private sealed class WithKek(AppFactory first, string kek) : AppFactory(first, sameFolder: false)
    {
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["DataProtection:KeyEncryptionKey"] = kek };
    }
}
