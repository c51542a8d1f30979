using Microsoft.AspNetCore.Identity;

namespace MuniSocial.Features.Admin;

public sealed class NewUserModel(CurrentActor current, AppDbContext db, UserManager<AppUser> users, TimeProvider clock) : AdminPageModel(current)
{
    [BindProperty]
    public NewUserInput Input { get; set; } = new();

    public IReadOnlyList<SectionOption> Sections { get; private set; } = [];

    public sealed class NewUserInput : UserFormInput
    {
        public string? UserName { get; set; }
        public string? Password { get; set; }
    }

    public async Task OnGetAsync() => Sections = await SectionOptions.LoadAsync(db, HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostCreateAsync()
    {
        var ct = HttpContext.RequestAborted;
        // Model binding problems (e.g. an unknown role value) are reported by the same validation as the API.
        ModelState.Clear();
        AppUser? user = null;
        var outcome = await this.RunAsync(db, async () =>
            user = await UserAdministration.CreateAsync(users, db, Actor, Input.UserName, Input.ToFields(), Input.Password, clock.GetUtcNow(), ct));
        return await this.AnswerAsync(outcome, () =>
        {
            TempData["Message"] = $"利用者「{user!.DisplayName}（{user.UserName}）」を登録しました。";
            return Redirect($"/admin/users/{user.Id}");
        }, async () =>
        {
            Input.Password = null;
            Sections = await SectionOptions.LoadAsync(db, ct);
        });
    }
}
