using MuniSocial.Jobs;

namespace MuniSocial.Features.Admin;

/// <summary>/admin/jobs: the background jobs, their last run and outcome; the admin can run one now.</summary>
public sealed class JobsModel(AppDbContext db, JobRunner runner, CurrentActor current) : PageModel
{
    public List<JobRun> Runs { get; private set; } = [];

    /// <summary>Outbox mails that failed at least once and are not sent yet (retried by the sender).</summary>
    public List<Infrastructure.Email.OutboxMail> FailingMails { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync()
    {
        Runs = (await db.JobRuns.AsNoTracking().ToListAsync(HttpContext.RequestAborted)).OrderByDescending(r => r.StartedAt).Take(50).ToList();
        FailingMails = await Infrastructure.Email.MailOutbox.FailingAsync(db, HttpContext.RequestAborted);
    }

    public JobRun? LastOf(string job) => Runs.FirstOrDefault(r => r.Job == job);

    public async Task<IActionResult> OnPostRunAsync(string? job)
    {
        if (job is null || !JobRunner.Titles.ContainsKey(job))
        {
            return NotFound();
        }
        var actor = await current.GetAsync(HttpContext.RequestAborted);
        var run = await runner.RunAsync(job, $"手動（{actor.Name}）", HttpContext.RequestAborted);
        Message = $"実行しました: {JobLabels.State(run)} — {run.Summary}";
        return RedirectToPage();
    }
}
