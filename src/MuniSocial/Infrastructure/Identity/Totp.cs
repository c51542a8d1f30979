using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace MuniSocial.Infrastructure.Identity;

/// <summary>
/// RFC 6238 time-based one-time passwords as authenticator apps make them: HMAC-SHA1 over the 30-second step number
/// (RFC 4226's dynamic truncation), 6 digits, the key in base 32 as Identity stores it (tested against RFC 6238's vectors).
/// </summary>
public static class Totp
{
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    /// <summary>The step number of a time: whole 30-second steps since 1970-01-01 UTC.</summary>
    public static long StepAt(DateTimeOffset at) => at.ToUnixTimeSeconds() / (long)Step.TotalSeconds;

    /// <summary>The code of one step (<paramref name="digits"/> 6 for authenticator apps; 8 for RFC 6238's test vectors).</summary>
    public static string Code(ReadOnlySpan<byte> key, long step, int digits = 6)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> hash = stackalloc byte[HMACSHA1.HashSizeInBytes];
#pragma warning disable CA5350 // RFC 6238 / authenticator apps use HMAC-SHA1; HMAC-SHA1 is not affected by SHA-1's collision weakness.
        HMACSHA1.HashData(key, counter, hash);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var binary = (BinaryPrimitives.ReadInt32BigEndian(hash.Slice(offset, 4)) & 0x7FFFFFFF) % (int)Math.Pow(10, digits);
        return binary.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(digits, '0');
    }

    /// <summary>A base-32 key (RFC 4648 alphabet, any case, spaces and padding ignored) as bytes; null when it is not base 32.</summary>
    public static byte[]? FromBase32(string key)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>(key.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var raw in key)
        {
            if (raw is ' ' or '=' or '-')
            {
                continue;
            }
            var value = alphabet.IndexOf(char.ToUpperInvariant(raw), StringComparison.Ordinal);
            if (value < 0)
            {
                return null;
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }
        return [.. bytes];
    }
}

/// <summary>
/// Identity's authenticator provider, replaced (ASVS 6.5.1, 6.5.5): a code is accepted for the current 30-second step and
/// one step either side (clock drift of a phone), never for a step at or before the last one accepted for that user — so
/// a code works once, and an older code cannot follow a newer one. The last accepted step is kept in AspNetUserTokens
/// (<see cref="LoginProvider"/> / <see cref="LastStepName"/>) and moved on by compare-and-set, so that two requests with
/// the same code at the same moment (two app instances included) let one through. Used by every check of a code:
/// sign-in, the token endpoint, enrolment, new recovery codes and turning the second factor off.
/// </summary>
public sealed class StepTotpProvider(AppDbContext db, TimeProvider clock) : IUserTwoFactorTokenProvider<AppUser>
{
    public const string LoginProvider = "MuniSocial";
    public const string LastStepName = "LastTotpStep";

    /// <summary>Steps accepted either side of the current one.</summary>
    public const int Window = 1;

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<AppUser> manager, AppUser user) =>
        !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));

    /// <summary>The code is made by the person's app, never by the server (as Identity's provider).</summary>
    public Task<string> GenerateAsync(string purpose, UserManager<AppUser> manager, AppUser user) => Task.FromResult(string.Empty);

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<AppUser> manager, AppUser user)
    {
        var keyText = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrWhiteSpace(keyText) || token is not { Length: 6 } || !token.All(char.IsAsciiDigit) || Totp.FromBase32(keyText) is not { Length: > 0 } key)
        {
            return false;
        }
        var now = Totp.StepAt(clock.GetUtcNow());
        var stored = await db.UserTokens.AsNoTracking()
            .Where(t => t.UserId == user.Id && t.LoginProvider == LoginProvider && t.Name == LastStepName)
            .Select(t => t.Value).FirstOrDefaultAsync();
        long? last = long.TryParse(stored, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var l) ? l : null;
        var given = System.Text.Encoding.ASCII.GetBytes(token);
        long? matched = null;
        // Every step of the window is computed and compared in constant time, so that the time taken says nothing.
        for (var step = now - Window; step <= now + Window; step++)
        {
            var same = CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(Totp.Code(key, step)), given);
            if (same && matched is null && (last is null || step > last))
            {
                matched = step;
            }
        }
        return matched is { } accepted && await MoveOnAsync(user.Id, stored, accepted);
    }

    /// <summary>Compare-and-set: the stored step becomes <paramref name="step"/> only if it is still what was read.</summary>
    private async Task<bool> MoveOnAsync(string userId, string? read, long step)
    {
        var value = step.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (read is null)
        {
            // The first code of this user: the row is made; a request that made it first wins (the primary key).
            return await db.Database.ExecuteSqlInterpolatedAsync(
                $"""INSERT INTO "AspNetUserTokens" ("UserId", "LoginProvider", "Name", "Value") VALUES ({userId}, {LoginProvider}, {LastStepName}, {value}) ON CONFLICT DO NOTHING""") == 1;
        }
        return await db.UserTokens
            .Where(t => t.UserId == userId && t.LoginProvider == LoginProvider && t.Name == LastStepName && t.Value == read)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Value, value)) == 1;
    }
}
