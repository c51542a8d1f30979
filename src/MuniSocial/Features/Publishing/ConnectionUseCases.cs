using MuniSocial.Domain.Publishing;
using MuniSocial.Infrastructure.Connectors;

namespace MuniSocial.Features.Publishing;

/// <summary>What the connection page and <c>GET /api/v1/accounts/{id}/connection</c> show: never a secret, only the names of those stored.</summary>
public sealed record ConnectionView(bool Connected, Platform? Platform, bool Connectable, IReadOnlyDictionary<string, string> Fields,
    IReadOnlyList<string> SecretsStored, string? State, string? ConnectedBy, DateTimeOffset? ConnectedAt, string? LastError, DateTimeOffset? LastErrorAt,
    DateTimeOffset? LastWatchedAt, string? LastWatchError, bool WatchCovered, bool SecretsReadable);

/// <summary>
/// Connecting an account to its platform (issue 11, "Credentials per account"): the section head enters the platform's
/// credentials, which are encrypted with <see cref="ConnectionSecrets"/> before the entity sees them; one PUT connects
/// or replaces, a DELETE disconnects (the row goes, the audit keeps the fact). Each is one domain call and one save;
/// the page and the API call these functions.
/// </summary>
public static class ConnectionUseCases
{
    public static Task<AccountConnection?> ForAccountAsync(AppDbContext db, Guid accountId, CancellationToken ct) =>
        db.AccountConnections.FirstOrDefaultAsync(c => c.AccountId == accountId, ct);

    /// <summary>
    /// Connects the account, or replaces the credentials of its connection (Active again). The head check comes first,
    /// so that someone who may not change the connection learns that rather than what the fields should be.
    /// </summary>
    /// <returns>The connection, and whether it was created now.</returns>
    public static async Task<(AccountConnection Connection, bool Created)> SaveAsync(AppDbContext db, ConnectionSecrets secrets, Actor actor, SocialAccount account,
        IReadOnlyDictionary<string, string?>? input, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(secrets);
        AccountConnection.EnsureMayManage(actor, account);
        var existing = await ForAccountAsync(db, account.Id, ct);
        var platform = existing?.Platform ?? AccountConnection.PlatformOf(account);
        var (publicFields, secretFields) = ConnectionFields.Validate(platform, input);
        var protectedSecrets = secrets.Protect(secretFields);
        if (existing is not null)
        {
            existing.Replace(actor, account, publicFields, protectedSecrets, now);
            await db.SaveChangesAsync(ct);
            return (existing, false);
        }
        var connection = AccountConnection.Connect(actor, account, publicFields, protectedSecrets, now);
        db.AccountConnections.Add(connection);
        await db.SaveChangesAsync(ct);
        return (connection, true);
    }

    /// <summary>Disconnects: the row is removed in the same save as the audit record of the fact. False when there was no connection.</summary>
    public static async Task<bool> DisconnectAsync(AppDbContext db, Actor actor, SocialAccount account, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        AccountConnection.EnsureMayManage(actor, account);
        if (await ForAccountAsync(db, account.Id, ct) is not { } connection)
        {
            return false;
        }
        connection.Disconnect(actor, account, now);
        db.AccountConnections.Remove(connection);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The connection as shown: the public fields, the names of the secrets stored (never their values), the state and the watch.</summary>
    public static ConnectionView ViewOf(ConnectionSecrets secrets, SocialAccount account, AccountConnection? connection)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(account);
        var platform = connection?.Platform ?? account.AcceptedPolicy?.Platform ?? account.CurrentPolicy.Platform;
        var connectable = platform is { } p && ConnectionFields.IsConnectable(p);
        var watchCovered = platform is { } w && AccountConnection.WatchCovers(w);
        if (connection is null)
        {
            return new ConnectionView(false, platform, connectable, new Dictionary<string, string>(), [], null, null, null, null, null, null, null,
                connectable && watchCovered, true);
        }
        // Which secrets were entered (X's refresh token is optional): their names, read from the ciphertext, never their values.
        var stored = secrets.StoredNames(connection.ProtectedSecrets);
        var names = ConnectionFields.Of(connection.Platform).Where(f => f.Secret && stored?.Contains(f.Name) == true).Select(f => f.Name).ToList();
        return new ConnectionView(true, connection.Platform, connectable, connection.Public, names,
            connection.State.ToString(), connection.ConnectedByName, connection.ConnectedAt, connection.LastError, connection.LastErrorAt,
            connection.LastWatchedAt, connection.LastWatchError, watchCovered, stored is not null);
    }
}
