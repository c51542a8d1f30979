using MuniSocial.Domain;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Operations;

namespace MuniSocial.Tests.Domain.AccessHolders;

/// <summary>The access holder's rules as tables, on the domain objects alone.</summary>
public sealed class AccessHolderRuleTests
{
    private static readonly Guid Section = Guid.NewGuid();
    private static readonly Guid OtherSection = Guid.NewGuid();
    private static readonly DateTimeOffset At = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Actor Operator = new("op", "北 ひかり", new HashSet<Role> { Role.Operator }, Section);
    private static readonly StaffMember Keeper = new("k", "東 みのり", Section);
    private static readonly StaffMember Other = new("o", "南 大地", Section);

    private static SocialAccount Account() => SocialAccount.Create(Operator, Section, new PolicyContent { Platform = Platform.X, AccountName = "規則テスト" },
        [new StaffMember(Operator.UserId, Operator.Name, Section), Keeper], At);

    public static TheoryData<string, Role[], bool> Actors() => new()
    {
        { "operator of the section", [Role.Operator], true },
        { "head of the section", [Role.SectionHead], true },
        { "operator of another section", [Role.Operator], false },
        { "PR office", [Role.PrOffice], false },
        { "admin", [Role.Admin], false },
    };

    [Theory]
    [MemberData(nameof(Actors))]
    public void Only_staff_of_the_owning_section_record(string who, Role[] roles, bool allowed)
    {
        var actor = new Actor("x", who, roles.ToHashSet(), who.Contains("another", StringComparison.Ordinal) || roles.Contains(Role.PrOffice) ? OtherSection : roles.Contains(Role.Admin) ? null : Section);
        var account = Account();
        var input = new AccessHolderInput(AccessKind.CredentialKeeper, Keeper.UserId, null, null, null);
        if (allowed)
        {
            var holder = AccessHolder.Add(actor, account, input, Keeper, [], At);
            Assert.Single(holder.PendingAudit);
            Assert.Null(AccessHolder.Add(actor, account, new AccessHolderInput(AccessKind.CredentialKeeper, Other.UserId, null, null, null), Other, [holder], At).PlatformHandle);
            Assert.NotNull(holder.RecordRemoval(actor, account, new AccessRemovalInput(AccessRemoval.HandedOver, Other.UserId, null, null), Other, [holder], At));
        }
        else
        {
            Assert.Throws<DomainForbiddenException>(() => AccessHolder.Add(actor, account, input, Keeper, [], At));
            var holder = AccessHolder.Add(Operator, account, input, Keeper, [], At);
            Assert.Throws<DomainForbiddenException>(() => holder.RecordRemoval(actor, account, new AccessRemovalInput(AccessRemoval.Removed, null, null, null), null, [holder], At));
            Assert.Throws<DomainForbiddenException>(() => AccountTwoFactor.Set(actor, account, null, true, "課の携帯", At));
            Assert.True(holder.IsCurrent);
        }
    }

    [Theory]
    [InlineData(AccessKind.LinkedPersonalAccount, null, PlatformRole.Admin, "platformHandle")]
    [InlineData(AccessKind.LinkedPersonalAccount, "@me", null, "platformRole")]
    [InlineData(null, null, null, "kind")]
    public void A_linked_personal_account_needs_its_handle_and_role(AccessKind? kind, string? handle, PlatformRole? role, string field)
    {
        var ex = Assert.Throws<DomainValidationException>(() =>
            AccessHolder.Add(Operator, Account(), new AccessHolderInput(kind, Keeper.UserId, handle, role, null), Keeper, [], At));
        Assert.True(ex.FieldErrors.ContainsKey(field), string.Join(",", ex.FieldErrors.Keys));
    }

    [Fact]
    public void A_hand_over_of_a_linked_account_needs_the_successors_own_handle_and_keeps_the_role()
    {
        var account = Account();
        var holder = AccessHolder.Add(Operator, account, new AccessHolderInput(AccessKind.LinkedPersonalAccount, Keeper.UserId, "@keeper", PlatformRole.Admin, null), Keeper, [], At);
        var ex = Assert.Throws<DomainValidationException>(() =>
            holder.RecordRemoval(Operator, account, new AccessRemovalInput(AccessRemoval.HandedOver, Other.UserId, null, null), Other, [holder], At));
        Assert.True(ex.FieldErrors.ContainsKey("successorHandle"));
        Assert.True(holder.IsCurrent);
        var next = holder.RecordRemoval(Operator, account, new AccessRemovalInput(AccessRemoval.HandedOver, Other.UserId, "@other", null), Other, [holder], At)!;
        Assert.Equal("@other", next.PlatformHandle);
        Assert.Equal(PlatformRole.Admin, next.PlatformRole);
        Assert.Equal(holder.Id, next.HandedOverFromId);
        Assert.Equal(next.Id, holder.SuccessorId);
        Assert.False(holder.IsCurrent);
        Assert.Equal("access-holder.handed-over", holder.PendingAudit[^1].Action);
    }
}
