using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MuniSocial.Tests.Support;

/// <summary>
/// A software authenticator for the tests in place of a hardware one (the browser test uses Chromium's virtual authenticator):
/// an ES256 (P-256) key pair that answers the server's options as a platform authenticator with user verification would —
/// WebAuthn's <c>PublicKeyCredential</c> JSON with a "none" attestation (CTAP2-canonical CBOR) and signed assertions. The
/// origin it claims is the caller's choice, so that a forged one can be tried.
/// </summary>
public sealed class SoftPasskey : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private uint _signCount;

    public byte[] CredentialId { get; } = RandomNumberGenerator.GetBytes(32);

    /// <summary>The user handle the server gave at creation (base64url), returned with each assertion.</summary>
    public string? UserHandle { get; private set; }

    public static string B64(byte[] bytes) => Base64Url.EncodeToString(bytes);

    /// <summary>The answer of <c>navigator.credentials.create</c> to <paramref name="options"/> (the server's JSON).</summary>
    public string Create(JsonElement options, string origin, bool userVerified = true, string? challenge = null)
    {
        var rpId = options.GetProperty("rp").GetProperty("id").GetString()!;
        UserHandle = options.GetProperty("user").GetProperty("id").GetString();
        var clientData = ClientData("webauthn.create", challenge ?? options.GetProperty("challenge").GetString()!, origin);
        var p = _key.ExportParameters(false);
        var cose = Cbor.Map(
            (Cbor.Int(1), Cbor.Int(2)),      // kty: EC2
            (Cbor.Int(3), Cbor.Int(-7)),     // alg: ES256
            (Cbor.Int(-1), Cbor.Int(1)),     // crv: P-256
            (Cbor.Int(-2), Cbor.Bytes(p.Q.X!)),
            (Cbor.Int(-3), Cbor.Bytes(p.Q.Y!)));
        var authData = Concat(SHA256.HashData(Encoding.UTF8.GetBytes(rpId)), [(byte)(0x41 | (userVerified ? 0x04 : 0))], BigEndian(_signCount),
            new byte[16], [(byte)(CredentialId.Length >> 8), (byte)CredentialId.Length], CredentialId, cose);
        var attestation = Cbor.Map(
            (Cbor.Text("fmt"), Cbor.Text("none")),
            (Cbor.Text("attStmt"), Cbor.Map()),
            (Cbor.Text("authData"), Cbor.Bytes(authData)));
        return JsonSerializer.Serialize(new
        {
            id = B64(CredentialId),
            rawId = B64(CredentialId),
            type = "public-key",
            authenticatorAttachment = "platform",
            clientExtensionResults = new { },
            response = new { clientDataJSON = B64(clientData), attestationObject = B64(attestation), transports = new[] { "internal" } },
        });
    }

    /// <summary>The answer of <c>navigator.credentials.get</c> to <paramref name="options"/>; <paramref name="signWith"/> forges the signature.</summary>
    public string Get(JsonElement options, string origin, ECDsa? signWith = null, bool userVerified = true)
    {
        var rpId = options.GetProperty("rpId").GetString()!;
        var clientData = ClientData("webauthn.get", options.GetProperty("challenge").GetString()!, origin);
        var authData = Concat(SHA256.HashData(Encoding.UTF8.GetBytes(rpId)), [(byte)(0x01 | (userVerified ? 0x04 : 0))], BigEndian(++_signCount));
        var signature = (signWith ?? _key).SignData(Concat(authData, SHA256.HashData(clientData)), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return JsonSerializer.Serialize(new
        {
            id = B64(CredentialId),
            rawId = B64(CredentialId),
            type = "public-key",
            authenticatorAttachment = "platform",
            clientExtensionResults = new { },
            response = new { clientDataJSON = B64(clientData), authenticatorData = B64(authData), signature = B64(signature), userHandle = UserHandle },
        });
    }

    private static byte[] ClientData(string type, string challenge, string origin) =>
        JsonSerializer.SerializeToUtf8Bytes(new { type, challenge, origin, crossOrigin = false });

    private static byte[] BigEndian(uint value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(x => x).ToArray();

    public void Dispose() => _key.Dispose();

    /// <summary>Just enough CBOR (RFC 8949) for a COSE key and an attestation object, keys in the order given (canonical here).</summary>
    private static class Cbor
    {
        public static byte[] Int(long value) => value >= 0 ? Head(0, (ulong)value) : Head(1, (ulong)(-1 - value));

        public static byte[] Bytes(byte[] value) => [.. Head(2, (ulong)value.Length), .. value];

        public static byte[] Text(string value)
        {
            var utf8 = Encoding.UTF8.GetBytes(value);
            return [.. Head(3, (ulong)utf8.Length), .. utf8];
        }

        public static byte[] Map(params (byte[] Key, byte[] Value)[] entries) =>
            [.. Head(5, (ulong)entries.Length), .. entries.SelectMany(e => e.Key.Concat(e.Value))];

        private static byte[] Head(int major, ulong value)
        {
            var m = (byte)(major << 5);
            return value switch
            {
                < 24 => [(byte)(m | (byte)value)],
                < 256 => [(byte)(m | 24), (byte)value],
                < 65536 => [(byte)(m | 25), (byte)(value >> 8), (byte)value],
                _ => [(byte)(m | 26), (byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value],
            };
        }
    }
}
