using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MuniSocial.Infrastructure.PublicSite;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Infrastructure.PublicSite;

/// <summary>
/// Issue 12 item 2: two app instances on one database (each with a data folder of its own): a change saved through one
/// is in the other's public answers within a second — the other sees the new token when it polls. Polled with a
/// deadline; the time it took is reported, not asserted to the millisecond.
/// </summary>
public sealed class PublicSiteInstancesTests : IAsyncLifetime
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
    public async Task A_change_through_one_instance_is_in_the_others_public_answers_within_a_second()
    {
        var other = _second.Anonymous();
        Assert.DoesNotContain("インスタンス間テスト", await other.GetStringAsync("/api/public/accounts"), StringComparison.Ordinal);
        var policy = Given.Policy("インスタンス間テスト" + Guid.NewGuid().ToString("N")[..6]);

        await _first.ListedAccountAsync(policy);
        var watch = Stopwatch.StartNew();
        var seen = false;
        // The deadline is generous for a loaded machine; the watcher polls every 500 ms.
        while (!seen && watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            seen = (await other.GetStringAsync("/")).Contains(policy.AccountName!, StringComparison.Ordinal);
            if (!seen)
            {
                await Task.Delay(50);
            }
        }
        Assert.True(seen, $"the second instance did not show the change after {watch.Elapsed}");
        Assert.Contains(policy.AccountName!, await other.GetStringAsync("/api/public/accounts"), StringComparison.Ordinal);
        // Both end on the same edition of the data: the first takes its own once asked (it saved the change), the second
        // by its watcher (the listing is several saves, so the second may have shown an earlier token of the same name).
        await _first.Anonymous().GetStringAsync("/api/public/accounts");
        var first = _first.Services.GetRequiredService<PublicSiteState>();
        var second = _second.Services.GetRequiredService<PublicSiteState>();
        while (first.Current!.Token != second.Current!.Token && watch.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(50);
        }
        Assert.Equal(first.Current!.Token, second.Current!.Token);
        // Each instance keeps its own copy on its own disk.
        Assert.NotEqual(_first.Services.GetRequiredService<PublicSiteState>().SnapshotPath, _second.Services.GetRequiredService<PublicSiteState>().SnapshotPath);
        Assert.Contains(_second.Services.GetRequiredService<PublicSiteState>().ReadFromDisk()!.Snapshot.Listed, a => a.AccountName == policy.AccountName);
    }

    private sealed class SecondInstance(AppFactory first) : AppFactory(first, sameFolder: false);
}
