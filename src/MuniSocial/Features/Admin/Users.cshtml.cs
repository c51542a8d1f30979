
namespace MuniSocial.Features.Admin;

public sealed class UsersModel(CurrentActor current, AppDbContext db, TimeProvider clock) : AdminPageModel(current)
{
    public IReadOnlyList<UserView> Users { get; private set; } = [];

    public async Task OnGetAsync() =>
        Users = await UserAdministration.ListAsync(db, clock.GetUtcNow(), null, HttpContext.RequestAborted);
}
