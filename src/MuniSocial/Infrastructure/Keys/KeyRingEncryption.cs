using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace MuniSocial.Infrastructure.Keys;

/// <summary>
/// Encrypts each Data Protection key at rest with AES-256-GCM under <see cref="SecretKeys.KeyEncryptionKey"/>, which is not in the
/// database: a copy of the database (or its backup) alone does not give the keys that protect the connectors' secrets and the cookies.
/// </summary>
public sealed class KeyRingXmlEncryptor(SecretKeys keys) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        var plain = System.Text.Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        var cipher = new byte[plain.Length];
        using (var aes = new AesGcm(keys.KeyEncryptionKey, tag.Length))
        {
            aes.Encrypt(nonce, plain, cipher, tag);
        }
        CryptographicOperations.ZeroMemory(plain);
        var element = new XElement("encryptedKey",
            new XComment(" AES-256-GCM under DataProtection:KeyEncryptionKey (kept outside the database) "),
            new XElement("nonce", Convert.ToBase64String(nonce)),
            new XElement("tag", Convert.ToBase64String(tag)),
            new XElement("value", Convert.ToBase64String(cipher)));
        return new EncryptedXmlInfo(element, typeof(KeyRingXmlDecryptor));
    }
}

/// <summary>The other half of <see cref="KeyRingXmlEncryptor"/>; Data Protection makes it through its (IServiceProvider) constructor.</summary>
public sealed class KeyRingXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var keys = services.GetRequiredService<SecretKeys>();
        var nonce = Convert.FromBase64String((string?)encryptedElement.Element("nonce") ?? "");
        var tag = Convert.FromBase64String((string?)encryptedElement.Element("tag") ?? "");
        var cipher = Convert.FromBase64String((string?)encryptedElement.Element("value") ?? "");
        var plain = new byte[cipher.Length];
        using (var aes = new AesGcm(keys.KeyEncryptionKey, tag.Length))
        {
            // A wrong key encryption key throws AuthenticationTagMismatchException: the key ring cannot be read without it.
            aes.Decrypt(nonce, cipher, tag, plain);
        }
        try
        {
            return XElement.Parse(System.Text.Encoding.UTF8.GetString(plain));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }
}
