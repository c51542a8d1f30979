using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using MuniSocial.Domain.Publishing;

namespace MuniSocial.Infrastructure.Connectors;

/// <summary>
/// Encrypts a connection's secrets with ASP.NET Core Data Protection (its own purpose string) before they are stored,
/// and decrypts them for one platform call. The keys are shared by every app instance (see Storage).
/// </summary>
public sealed class ConnectionSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("MuniSocial.Connectors.Secrets.v1");

    public string Protect(IReadOnlyDictionary<string, string> secrets) => _protector.Protect(JsonSerializer.Serialize(secrets));

    public IReadOnlyDictionary<string, string> Unprotect(string protectedSecrets) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(_protector.Unprotect(protectedSecrets)) ?? [];

    /// <summary>
    /// The names of the secrets stored (to say which were entered, never their values), or null when this app's keys
    /// cannot decrypt them (a lost key ring): the page then asks the head to enter them again.
    /// </summary>
    public IReadOnlyList<string>? StoredNames(string protectedSecrets)
    {
        try
        {
            return [.. Unprotect(protectedSecrets).Keys];
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>The credentials of a connection for one call.</summary>
    public ConnectorCredentials CredentialsOf(AccountConnection connection) =>
        new(connection.AccountId, connection.Platform, connection.Public, Unprotect(connection.ProtectedSecrets));

    /// <summary>
    /// The credentials of a connection loaded (tracked) in <paramref name="db"/>, for a call that may rotate them (X's
    /// OAuth 2.0 refresh): the adapter hands the whole new set of secrets, which is protected and stored on the connection
    /// at once (<see cref="AccountConnection.RotateSecrets"/>, audited) by saving <paramref name="db"/> — so call the
    /// platform with no other unsaved change in that context.
    /// </summary>
    /// <remarks><paramref name="writing"/> wraps the save where the caller serialises its writes (the watch).</remarks>
    public ConnectorCredentials CredentialsOf(AccountConnection connection, AppDbContext db, TimeProvider clock,
        Func<Func<Task>, CancellationToken, Task>? writing = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        return CredentialsOf(connection) with
        {
            OnSecretsRotated = async (secrets, ct) =>
            {
                connection.RotateSecrets(Protect(secrets), clock.GetUtcNow());
                await (writing is null ? db.SaveChangesAsync(ct) : writing(() => db.SaveChangesAsync(ct), ct));
            },
        };
    }
}
