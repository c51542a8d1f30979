using MuniSocial.Domain.Guideline;

namespace MuniSocial.Features.Guideline;

/// <summary>The PR office registers a revised guideline (number assigned, effective date, summary, full text; audited).</summary>
public sealed class VersionsModel(AppDbContext db, CurrentActor current, TimeProvider clock) : PageModel
{
    public sealed class InputModel
    {
        public DateOnly? EffectiveFrom { get; set; }
        public string? Summary { get; set; }
        public string? Text { get; set; }

        /// <summary>The newest version when the form was opened: registering over someone else's new version is refused.</summary>
        public int? BaseNumber { get; set; }
    }

    public sealed record Row(Guid Id, int Number, DateOnly EffectiveFrom, string Summary, DateTimeOffset CreatedAt, string CreatedByName, int Acknowledged);

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public List<Row> Versions { get; private set; } = [];
    public Guid? CurrentId { get; private set; }
    public DateOnly Today { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Input = new InputModel { EffectiveFrom = Today, BaseNumber = Versions.FirstOrDefault()?.Number ?? 0 };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var latest = await db.GuidelineVersions.AsNoTracking().OrderByDescending(v => v.Number).FirstOrDefaultAsync(ct);
        if (Input.BaseNumber is { } seen && seen != (latest?.Number ?? 0))
        {
            ModelState.AddModelError(string.Empty, $"入力中に他の職員がガイドラインの改訂を登録しました（現在 第{latest?.Number}版）。画面を読み込み直してから、もう一度登録してください。");
            await LoadAsync(ct);
            return Page();
        }
        if (!ModelState.IsValid)
        {
            // A date the browser could not send as yyyy-MM-dd: say so in Japanese instead of the framework's message.
            ModelState.Clear();
            ModelState.AddModelError("Input.EffectiveFrom", "適用日は 2026-04-01 の形式で入力してください。");
            await LoadAsync(ct);
            return Page();
        }
        GuidelineVersion? created = null;
        var outcome = await this.SaveAsync(db, () =>
        {
            created = GuidelineVersion.Publish(actor, latest, Input.EffectiveFrom, Input.Summary, Input.Text, clock.GetUtcNow());
            db.Add(created);
        }, ct: ct);
        return await this.AnswerAsync(outcome, () => this.FlashAndRedirect(created!.IsEffectiveOn(Wareki.TodayIn(clock.GetUtcNow()))
            ? $"ガイドライン第{created.Number}版を登録しました。本日から適用され、職員は次に画面を開いたときに改訂後の内容を確認します。"
            : $"ガイドライン第{created.Number}版を登録しました。{Wareki.Format(created.EffectiveFrom)}から適用され、その日から職員は改訂後の内容を確認します。",
            "/guideline/versions"), () => LoadAsync(ct));
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Today = Wareki.TodayIn(clock.GetUtcNow());
        CurrentId = (await db.CurrentVersionAsync(Today, ct))?.Id;
        var counts = await db.GuidelineAcknowledgements.AsNoTracking().GroupBy(a => a.VersionId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        Versions = (await db.GuidelineVersions.AsNoTracking().OrderByDescending(v => v.Number)
                .Select(v => new { v.Id, v.Number, v.EffectiveFrom, v.Summary, v.CreatedAt, v.CreatedByName }).ToListAsync(ct))
            .Select(v => new Row(v.Id, v.Number, v.EffectiveFrom, v.Summary, v.CreatedAt, v.CreatedByName, counts.GetValueOrDefault(v.Id))).ToList();
    }
}
