namespace MuniSocial.Jobs;

/// <summary>One run of a background job, for the admin's page (/admin/jobs).</summary>
public sealed class JobRun
{
    private JobRun() { }

    public JobRun(string job, string trigger, DateTimeOffset startedAt)
    {
        Id = Guid.CreateVersion7();
        Job = job;
        Trigger = trigger;
        StartedAt = startedAt;
        Outcome = "running";
    }

    public Guid Id { get; private set; }
    public string Job { get; private set; } = "";

    /// <summary>schedule / manual (by whom).</summary>
    public string Trigger { get; private set; } = "";
    public DateTimeOffset StartedAt { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }

    /// <summary>running / succeeded / failed.</summary>
    public string Outcome { get; private set; } = "";
    public string? Summary { get; private set; }

    public void Finish(DateTimeOffset at, bool succeeded, string summary)
    {
        FinishedAt = at;
        Outcome = succeeded ? "succeeded" : "failed";
        Summary = summary.Length > 4000 ? summary[..4000] : summary;
    }
}
