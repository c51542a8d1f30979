using MuniSocial.Domain;
using MuniSocial.Domain.Accounts;
using MuniSocial.Tests.Support;
using static MuniSocial.Tests.Support.TableData;

namespace MuniSocial.Tests.Domain.Accounts;

/// <summary>
/// Maker–checker at the PR office (issue 14 item 8): a PR officer does not list (様式3), accept a revision of, or
/// close (様式5) an account whose request they submitted or drafted, or which they operate (operator or access
/// holder); another PR officer does. Every involvement × decision, the involved officer refused, the other one not.
/// </summary>
public sealed class MakerCheckerTests
{
    public enum Involvement
    {
        Submitted,
        Drafted,
        Operator,
        AccessHolder,
    }

    public enum Decision
    {
        List,
        AcceptRevision,
        Delist,
    }

    // X is in the PR office and also the head of the PR section, so that they can write, submit and operate its accounts.
    private static readonly Actor X = new("pr-x", "広報 兼務", new HashSet<Role> { Role.PrOffice, Role.SectionHead }, PrSection);
    private static readonly Actor OpP = new("pr-op1", "広報 一", new HashSet<Role> { Role.Operator }, PrSection);
    private static readonly Actor OpP2 = new("pr-op2", "広報 二", new HashSet<Role> { Role.Operator }, PrSection);
    private static readonly Actor HeadP = new("pr-head", "広報 課長", new HashSet<Role> { Role.SectionHead }, PrSection);

    private static StaffMember M(Actor a) => new(a.UserId, a.Name, a.SectionId);

    public static TheoryData<Involvement, Decision, string> Cases()
    {
        var data = new TheoryData<Involvement, Decision, string>();
        foreach (var decision in Enum.GetValues<Decision>())
        {
            foreach (var involvement in Enum.GetValues<Involvement>())
            {
                if (decision == Decision.Delist && involvement == Involvement.Drafted)
                {
                    continue; // a delisting request is written and submitted in one step: Submitted covers it
                }
                data.Add(involvement, decision, involvement is Involvement.Submitted or Involvement.Drafted ? "own-request" : "own-account");
            }
        }
        return data;
    }

    private static (SocialAccount Account, IReadOnlyCollection<string> Holders) Build(Involvement involvement, Decision decision)
    {
        var writer = involvement == Involvement.Drafted ? X : OpP;
        var submitter = involvement == Involvement.Submitted ? X : HeadP;
        IReadOnlyList<StaffMember> operators = involvement == Involvement.Operator ? [M(X), M(OpP)] : [M(OpP), M(OpP2)];
        var account = SocialAccount.Create(writer, PrSection, Given.Policy(), operators, T0);
        if (decision == Decision.List)
        {
            account.RequestListing(submitter, T0, urlAlreadyRegistered: false);
        }
        else
        {
            account.RequestListing(HeadP, T0, urlAlreadyRegistered: false);
            account.List(Pr, Terms, T0);
            if (decision == Decision.AcceptRevision)
            {
                account.StartRevision(writer, T0);
                account.UpdatePolicy(writer, account.OpenPolicy!.ToContent() with { Purpose = "改訂後の目的。" }, T0);
                account.SubmitRevision(submitter, T0, urlAlreadyRegistered: false);
            }
            else
            {
                account.RequestDelisting(submitter, new DateOnly(2026, 5, 31), "運用を終了したため。", deletedOnPlatform: true, T0);
            }
        }
        account.ClearPendingAudit();
        return (account, involvement == Involvement.AccessHolder ? [X.UserId] : []);
    }

    private static void Decide(SocialAccount account, Decision decision, Actor by, IReadOnlyCollection<string> holders)
    {
        switch (decision)
        {
            case Decision.List:
                account.List(by, Terms, T1, holders);
                break;
            case Decision.AcceptRevision:
                account.AcceptRevision(by, Terms, T1, holders);
                break;
            default:
                account.Delist(by, T1, holders);
                break;
        }
    }

    private static AccountAction ActionOf(Decision d) => d switch
    {
        Decision.List => AccountAction.List,
        Decision.AcceptRevision => AccountAction.AcceptRevision,
        _ => AccountAction.Delist,
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_involved_pr_officer_is_refused_and_another_decides(Involvement involvement, Decision decision, string rule)
    {
        var (account, holders) = Build(involvement, decision);
        var status = account.Status;
        var version = account.Version;

        // The queue learns it beforehand (it shows this instead of the button) …
        var refusal = account.InvolvementOf(ActionOf(decision), X, holders);
        Assert.NotNull(refusal);
        Assert.Equal(rule, refusal.Rule);
        Assert.Contains("別の市広報担当者が行ってください", refusal.Message, StringComparison.Ordinal);
        // … and the transition refuses it, changing nothing.
        var thrown = Assert.Throws<DomainRuleException>(() => Decide(account, decision, X, holders));
        Assert.IsNotType<DomainForbiddenException>(thrown);
        Assert.Equal(rule, thrown.Rule);
        Assert.Equal(refusal.Message, thrown.Message);
        Assert.Equal(status, account.Status);
        Assert.Equal(version, account.Version);
        Assert.Empty(account.PendingAudit);

        Assert.Null(account.InvolvementOf(ActionOf(decision), Pr, holders));
        Decide(account, decision, Pr, holders);
        Assert.NotEqual(version, account.Version);
    }

    [Fact]
    public void An_involvement_in_a_request_does_not_limit_the_return_nor_other_roles_decisions()
    {
        var (account, _) = Build(Involvement.Operator, Decision.List);
        Assert.Null(account.InvolvementOf(AccountAction.Return, X));
        Assert.Null(account.InvolvementOf(AccountAction.SetOperators, X));
    }
}
