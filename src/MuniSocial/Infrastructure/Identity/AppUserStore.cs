using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;

namespace MuniSocial.Infrastructure.Identity;

/// <summary>
/// Identity's EF user store, with recovery codes kept as hashes only (ASVS 6.5.2). A code has ≈ 47 bits (10 characters of
/// a 26-letter alphabet), under the 112 bits below which ASVS asks for a password-hashing function with a salt: each set
/// of codes gets a random 128-bit salt and each code is stored as PBKDF2-HMAC-SHA256 (<see cref="Iterations"/> rounds, as
/// costly as a password check) — one derivation per attempt (the set shares the salt), compared with every stored hash in
/// constant time; a redeemed code's hash is removed (single use; two redemptions at once are told apart by the user row's
/// concurrency stamp, which UserManager saves with it). Codes kept in plain text by an earlier version are hashed at start
/// (<see cref="HashPlainCodesAsync"/>) and, should one still be read, work once and are hashed with that use.
/// </summary>
public sealed class AppUserStore(AppDbContext context, IdentityErrorDescriber? describer = null)
    : UserStore<AppUser, IdentityRole, AppDbContext>(context, describer)
{
    public const string InternalLoginProvider = "[AspNetUserStore]";
    public const string RecoveryCodeTokenName = "RecoveryCodes";
    public const string Scheme = "pbkdf2-sha256";
    public const int Iterations = 100_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public override async Task ReplaceCodesAsync(AppUser user, IEnumerable<string> recoveryCodes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        await SetTokenAsync(user, InternalLoginProvider, RecoveryCodeTokenName, HashAll(recoveryCodes), cancellationToken);
    }

    public override async Task<bool> RedeemCodeAsync(AppUser user, string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var stored = await GetTokenAsync(user, InternalLoginProvider, RecoveryCodeTokenName, cancellationToken) ?? "";
        if (!IsHashed(stored))
        {
            // A set stored in plain text before this version: compared in constant time; the rest are stored hashed.
            var plain = Split(stored).ToList();
            var given = System.Text.Encoding.UTF8.GetBytes(Normalise(code));
            var index = -1;
            for (var i = 0; i < plain.Count; i++)
            {
                if (CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(Normalise(plain[i])), given) && index < 0)
                {
                    index = i;
                }
            }
            if (index < 0)
            {
                return false;
            }
            plain.RemoveAt(index);
            await SetTokenAsync(user, InternalLoginProvider, RecoveryCodeTokenName, HashAll(plain), cancellationToken);
            return true;
        }
        var set = Parse(stored);
        var derived = Derive(code, set.Salt, set.Iterations);
        var found = -1;
        for (var i = 0; i < set.Hashes.Count; i++)
        {
            if (CryptographicOperations.FixedTimeEquals(set.Hashes[i], derived) && found < 0)
            {
                found = i;
            }
        }
        if (found < 0)
        {
            return false;
        }
        var left = set.Hashes.Where((_, i) => i != found).ToList();
        await SetTokenAsync(user, InternalLoginProvider, RecoveryCodeTokenName, Format(set.Iterations, set.Salt, left), cancellationToken);
        return true;
    }

    public override async Task<int> CountCodesAsync(AppUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var stored = await GetTokenAsync(user, InternalLoginProvider, RecoveryCodeTokenName, cancellationToken) ?? "";
        return IsHashed(stored) ? Parse(stored).Hashes.Count : Split(stored).Count();
    }

    /// <summary>At start: any set of codes still in plain text (from before hashing) is replaced by its hashes, so none stays readable.</summary>
    public static async Task<int> HashPlainCodesAsync(AppDbContext db)
    {
        var plain = (await db.UserTokens.Where(t => t.LoginProvider == InternalLoginProvider && t.Name == RecoveryCodeTokenName).ToListAsync())
            .Where(t => !IsHashed(t.Value ?? "")).ToList();
        foreach (var row in plain)
        {
            row.Value = HashAll(Split(row.Value ?? ""));
        }
        if (plain.Count > 0)
        {
            await db.SaveChangesAsync();
        }
        return plain.Count;
    }

    private sealed record CodeSet(int Iterations, byte[] Salt, IReadOnlyList<byte[]> Hashes);

    private static bool IsHashed(string stored) => stored.StartsWith(Scheme + "$", StringComparison.Ordinal);

    private static IEnumerable<string> Split(string stored) => stored.Split(';', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>As typed or as Identity made it (XXXXX-XXXXX): hyphens and spaces dropped, upper case.</summary>
    private static string Normalise(string? code) => new string((code ?? "").Where(c => c != '-' && !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();

    private static string HashAll(IEnumerable<string> codes)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return Format(Iterations, salt, [.. codes.Select(c => Derive(c, salt, Iterations))]);
    }

    private static byte[] Derive(string code, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Normalise(code), salt, iterations, HashAlgorithmName.SHA256, HashBytes);

    /// <summary><c>pbkdf2-sha256$iterations$salt$hash,hash,…</c> (base 64).</summary>
    private static string Format(int iterations, byte[] salt, IReadOnlyList<byte[]> hashes) =>
        string.Join('$', Scheme, iterations.ToString(System.Globalization.CultureInfo.InvariantCulture), Convert.ToBase64String(salt),
            string.Join(',', hashes.Select(Convert.ToBase64String)));

    private static CodeSet Parse(string stored)
    {
        var parts = stored.Split('$');
        return new CodeSet(int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), Convert.FromBase64String(parts[2]),
            [.. parts[3].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Convert.FromBase64String)]);
    }
}
