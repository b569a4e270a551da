using CaseCoordination.Api.Infrastructure;
using CaseCoordination.Application.Common.Exceptions;
using CaseCoordination.Domain.Common;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>
/// One refusal type (ADR 0024): every kind of refusal has its status in the one table, and a refusal's
/// problem takes code, detail and extensions from the refusal itself, whatever its subclass.
/// </summary>
public sealed class RefusalMappingTests
{
    [Theory]
    [InlineData(RefusalKind.NotFound, 404, "Not found")]
    [InlineData(RefusalKind.Forbidden, 403, "Forbidden")]
    [InlineData(RefusalKind.Conflict, 409, "Conflict")]
    [InlineData(RefusalKind.PreconditionFailed, 412, "Precondition failed")]
    [InlineData(RefusalKind.PreconditionRequired, 428, "Precondition required")]
    [InlineData(RefusalKind.Unprocessable, 422, "Unprocessable request")]
    public void Each_kind_has_its_status_and_title(RefusalKind kind, int status, string title)
    {
        Assert.Equal((status, title), ProblemDetailsExceptionHandler.StatusOf(kind));
    }

    [Fact]
    public void Every_kind_is_in_the_table()
    {
        Assert.All(Enum.GetValues<RefusalKind>(), kind => Assert.InRange(ProblemDetailsExceptionHandler.StatusOf(kind).Status, 400, 499));
    }

    [Fact]
    public void A_refusal_of_any_subclass_answers_with_its_own_code_detail_and_extensions()
    {
        var refusal = new RefusalException(RefusalKind.Conflict, "some-new-rule", "Explained to the caller.",
            new Dictionary<string, object?> { ["allowedTransitions"] = new[] { "cancel" } });

        var problem = ProblemDetailsExceptionHandler.Map(refusal);

        Assert.Equal(409, problem.Status);
        Assert.Equal("urn:case-coordination:problem:some-new-rule", problem.Type);
        Assert.Equal("Conflict", problem.Title);
        Assert.Equal("Explained to the caller.", problem.Detail);
        Assert.Equal("some-new-rule", problem.Extensions["code"]);
        Assert.Equal(new[] { "cancel" }, problem.Extensions["allowedTransitions"]);
    }

    [Fact]
    public void Not_found_says_only_that_the_resource_is_not_visible()
    {
        var problem = ProblemDetailsExceptionHandler.Map(new NotFoundException("case"));

        Assert.Equal(404, problem.Status);
        Assert.Equal("not-found", problem.Extensions["code"]);
        Assert.Equal("The case does not exist or is not visible to your agency.", problem.Detail);
    }
}
