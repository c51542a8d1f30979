namespace MuniSocial.Jobs;

/// <summary>A background job: a plain class, safe to run twice (it must not repeat what a previous run did).</summary>
public interface IJob
{
    static abstract string Name { get; }

    /// <summary>Runs once; returns a one-line summary for the admin.</summary>
    Task<string> RunAsync(CancellationToken ct);
}
