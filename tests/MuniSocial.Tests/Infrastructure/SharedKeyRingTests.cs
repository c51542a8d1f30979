using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MuniSocial.Domain.Accounts;
using MuniSocial.Infrastructure.Connectors;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Infrastructure;

/// <summary>
/// The Data Protection key ring is in the database, so that every app instance decrypts what another encrypted: a
/// connection's secrets saved through one instance are read by a second instance on the same database (with a data
/// folder of its own, where a file-system key ring would not be).
/// </summary>
public sealed class SharedKeyRingTests : IAsyncLifetime
{
    private readonly AppFactory _first = new();
    private AppFactory _second = null!;

    public async Task InitializeAsync()
    {
        await _first.InitializeAsync();
        _second = new SecondInstance(_first);
        await _second.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)_second).DisposeAsync();
        await ((IAsyncLifetime)_first).DisposeAsync();
    }

    [Fact]
    public async Task A_secret_protected_by_one_instance_is_read_by_another()
    {
        var secret = "shared-" + Guid.NewGuid().ToString("N");
        var byFirst = _first.Services.GetRequiredService<ConnectionSecrets>().Protect(new Dictionary<string, string> { ["accessToken"] = secret });
        Assert.DoesNotContain(secret, byFirst, StringComparison.Ordinal);
        Assert.Equal(secret, _second.Services.GetRequiredService<ConnectionSecrets>().Unprotect(byFirst)["accessToken"]);

        var bySecond = _second.Services.GetRequiredService<ConnectionSecrets>().Protect(new Dictionary<string, string> { ["appPassword"] = secret });
        Assert.Equal(secret, _first.Services.GetRequiredService<ConnectionSecrets>().Unprotect(bySecond)["appPassword"]);

        Assert.True(await _first.DbAsync(db => db.DataProtectionKeys.AnyAsync()));
        Assert.False(Directory.Exists(_first.Services.GetRequiredService<MuniSocial.Infrastructure.DataFolder>().PathOf("keys")));
    }

    [Fact]
    public async Task A_connection_saved_through_one_instance_is_readable_on_the_other()
    {
        var id = await _first.AccountOnAsync(Platform.Line);
        var put = await (await _first.ApiAsync("demo-head")).PutAsJsonAsync($"/api/v1/accounts/{id}/connection",
            new { channelAccessToken = "line-token", channelSecret = "line-secret" });
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        var json = await (await _second.ApiAsync("demo-operator")).GetFromJsonAsync<JsonElement>($"/api/v1/accounts/{id}/connection");
        Assert.True(json.GetProperty("secretsReadable").GetBoolean());
        Assert.Equal(["channelAccessToken", "channelSecret"], json.GetProperty("secretsStored").EnumerateArray().Select(s => s.GetString()));
        var stored = await _second.DbAsync(db => db.AccountConnections.AsNoTracking().SingleAsync(c => c.AccountId == id));
        var credentials = _second.Services.GetRequiredService<ConnectionSecrets>().CredentialsOf(stored);
        Assert.Equal("line-secret", credentials.Secrets["channelSecret"]);
    }

    private sealed class SecondInstance(AppFactory first) : AppFactory(first, sameFolder: false);
}
