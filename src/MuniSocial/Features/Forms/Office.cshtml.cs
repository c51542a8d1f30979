using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using MuniSocial.Domain.Forms;

namespace MuniSocial.Features.Forms;

/// <summary>様式の設定: what the forms print about the city and the PR office; changes are audited and apply at once.</summary>
public sealed class OfficeModel(AppDbContext db, CurrentActor current, IOptions<OfficeOptions> defaults, TimeProvider clock, Emblem emblem) : PageModel
{
    /// <summary>The emblem now shown in every page's header (the upload or the default mark).</summary>
    public string EmblemUrl => emblem.Url();

    public bool HasEmblem => emblem.Current() is not null;

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string? UpdatedNote { get; private set; }

    [TempData]
    public string? Saved { get; set; }

    /// <summary>These are the city's settings, not an account: the shared concurrency wording would name the wrong thing.</summary>
    public const string ConflictMessage = "他の管理者が同時に設定を変更しました。画面を読み込み直してから、もう一度操作してください。";

    public sealed class InputModel
    {
        [Display(Name = "市の名称")]
        public string CityName { get; set; } = "";

        [Display(Name = "市広報担当の課名")]
        public string PrOfficeName { get; set; } = "";

        [Display(Name = "市広報担当の所属長の職名")]
        public string PrHeadTitle { get; set; } = "";

        [Display(Name = "文書番号の形式")]
        public string? DocumentNumberFormat { get; set; }
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var values = await db.OfficeAsync(defaults, ct);
        Input = new InputModel
        {
            CityName = values.CityName,
            PrOfficeName = values.PrOfficeName,
            PrHeadTitle = values.PrHeadTitle,
            DocumentNumberFormat = values.DocumentNumberFormat,
        };
        await NoteAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var values = new OfficeValues(Input.CityName ?? "", Input.PrOfficeName ?? "", Input.PrHeadTitle ?? "", Input.DocumentNumberFormat);
        var outcome = await this.SaveAsync(db, async () =>
        {
            var settings = await db.OfficeSettings.FirstOrDefaultAsync(o => o.Id == OfficeSettings.SingletonId, ct);
            if (settings is null)
            {
                db.OfficeSettings.Add(OfficeSettings.Create(actor, defaults.Value.Values, values, clock.GetUtcNow()));
            }
            else
            {
                settings.Update(actor, values, clock.GetUtcNow());
            }
        }, "Input", ConflictMessage, ct);
        return await this.AnswerAsync(outcome, () =>
        {
            Saved = "様式の設定を保存しました。これから発行する様式に反映されます。";
            return RedirectToPage();
        }, () => NoteAsync(ct));
    }

    /// <summary>A new emblem for every page's header: PNG or WebP (checked by its bytes), at most 512 KB; audited.</summary>
    public async Task<IActionResult> OnPostEmblemAsync(IFormFile? emblemFile, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (await emblem.SaveAsync(db, actor, emblemFile, clock.GetUtcNow(), ct) is { } problem)
        {
            ModelState.Clear();
            ModelState.AddModelError(nameof(emblemFile), problem);
            await OnGetAsync(ct);
            return Page();
        }
        Saved = "市の紋章を変更しました。すべての画面の上部に表示されます。";
        return RedirectToPage();
    }

    /// <summary>Back to the default mark (audited).</summary>
    public async Task<IActionResult> OnPostEmblemRemoveAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        await emblem.RemoveAsync(db, actor, clock.GetUtcNow(), ct);
        Saved = "市の紋章を既定の表示に戻しました。";
        return RedirectToPage();
    }

    private async Task NoteAsync(CancellationToken ct)
    {
        var saved = await db.OfficeSettings.AsNoTracking().FirstOrDefaultAsync(o => o.Id == OfficeSettings.SingletonId, ct);
        UpdatedNote = saved is null
            ? "現在は設定ファイル（Office セクション）の既定値を使っています。"
            : $"最終更新: {Wareki.FormatDateTime(saved.UpdatedAt)}（{saved.UpdatedByName}）";
    }
}
