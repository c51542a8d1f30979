using Microsoft.Extensions.DependencyInjection;
using MuniSocial.Domain.Accounts;
using MuniSocial.Infrastructure.Connectors;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Infrastructure.Connectors;

/// <summary>
/// The app with X and Facebook pointed at two scripted fakes on loopback (started before the app), an X app registered
/// as a confidential client, and a short call timeout so that a hanging platform is seen quickly. Nothing reaches the internet.
/// </summary>
public sealed class XfbAppFactory : AppFactory, IAsyncLifetime
{
    public const string XClientId = "bXVuaXNvY2lhbC10ZXN0";
    public const string XClientSecret = "x-client-secret-for-tests";
    public const string GraphVersion = "/v21.0";
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    public ScriptedPlatform X { get; private set; } = null!;
    public ScriptedPlatform Facebook { get; private set; } = null!;

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Connectors:X:ApiBase"] = X.Fake.BaseUrl,
        ["Connectors:X:ClientId"] = XClientId,
        ["Connectors:X:ClientSecret"] = XClientSecret,
        ["Connectors:Facebook:ApiBase"] = Facebook.Fake.BaseUrl + GraphVersion,
        ["Connectors:CallTimeout"] = CallTimeout.ToString(),
    };

    /// <summary>Starts the fakes, then the app (its settings name the fakes' ports).</summary>
    public new async Task InitializeAsync()
    {
        X = await ScriptedPlatform.StartAsync();
        Facebook = await ScriptedPlatform.StartAsync();
        await base.InitializeAsync();
    }

    /// <summary>The adapter the app uses for the platform (the registry's, with the app's HTTP pipeline).</summary>
    public IPlatformConnector Connector(Platform platform) => Services.GetRequiredService<ConnectorRegistry>().Get(platform);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (X is not null)
        {
            await X.DisposeAsync();
        }
        if (Facebook is not null)
        {
            await Facebook.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }
}
