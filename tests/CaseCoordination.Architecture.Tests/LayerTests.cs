using System.Reflection;
using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Security;
using Mediator;
using NetArchTest.Rules;
using Xunit;

namespace CaseCoordination.Architecture.Tests;

/// <summary>The layers point inward: Api → Application → Domain; Infrastructure implements Application.</summary>
public sealed class LayerTests
{
    private static readonly Assembly Domain = typeof(CaseCoordination.Domain.Cases.Case).Assembly;
    private static readonly Assembly Application = typeof(CaseCoordination.Application.DependencyInjection).Assembly;
    private static readonly Assembly Infrastructure = typeof(CaseCoordination.Infrastructure.DependencyInjection).Assembly;
    private static readonly Assembly Api = typeof(Program).Assembly;

    private static void AssertNoDependency(Assembly assembly, params string[] forbidden)
    {
        var result = Types.InAssembly(assembly).ShouldNot().HaveDependencyOnAny(forbidden).GetResult();
        Assert.True(result.IsSuccessful, $"{assembly.GetName().Name} depends on {string.Join(", ", forbidden)}: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void The_domain_references_no_framework_and_no_outer_layer() =>
        AssertNoDependency(Domain, "CaseCoordination.Application", "CaseCoordination.Infrastructure", "CaseCoordination.Api",
            "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "Microsoft.Extensions", "Mediator", "FluentValidation", "System.Text.Json");

    [Fact]
    public void The_domain_assembly_references_only_the_runtime()
    {
        var references = Domain.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.All(references, name => Assert.True(name.StartsWith("System", StringComparison.Ordinal) || name == "netstandard", $"Domain references {name}"));
    }

    [Fact]
    public void The_application_knows_neither_infrastructure_nor_the_web() =>
        AssertNoDependency(Application, "CaseCoordination.Infrastructure", "CaseCoordination.Api", "Microsoft.AspNetCore",
            "Microsoft.EntityFrameworkCore.Sqlite", "Microsoft.EntityFrameworkCore.SqlServer", "Npgsql", "Microsoft.Data");

    [Fact]
    public void Infrastructure_does_not_know_the_api() =>
        AssertNoDependency(Infrastructure, "CaseCoordination.Api");

    [Fact]
    public void Only_the_api_holds_the_mediator_source_generator()
    {
        Assert.Null(Application.GetType("Mediator.Mediator"));
        Assert.Null(Infrastructure.GetType("Mediator.Mediator"));
        Assert.NotNull(Api.GetType("Mediator.Mediator"));
    }

    private static IEnumerable<Type> Requests() => Application.GetTypes()
        .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IMessage).IsAssignableFrom(t));

    [Fact]
    public void Every_request_says_which_roles_may_send_it()
    {
        var requests = Requests().ToList();
        Assert.NotEmpty(requests);
        Assert.All(requests, r => Assert.True(r.GetCustomAttribute<AuthorizeAttribute>() is { Roles.Count: > 0 }, $"{r.Name} has no [Authorize(roles)]"));
    }

    [Fact]
    public void Every_request_about_cases_or_referrals_writes_the_access_log()
    {
        string[] features = ["Cases", "Referrals", "Consents", "LeadHandovers", "Audit"];
        var caseRequests = Requests().Where(t => features.Any(f => t.Namespace!.StartsWith("CaseCoordination.Application." + f, StringComparison.Ordinal))).ToList();
        Assert.NotEmpty(caseRequests);
        Assert.All(caseRequests, r => Assert.True(typeof(IAccessLogged).IsAssignableFrom(r), $"{r.Name} touches case data but is not IAccessLogged"));
    }

    [Fact]
    public void Every_handler_lives_beside_its_request_in_the_same_feature_folder()
    {
        var handlers = Application.GetTypes().Where(t => t.GetInterfaces().Any(i => i.IsGenericType
            && (i.GetGenericTypeDefinition() == typeof(ICommandHandler<,>) || i.GetGenericTypeDefinition() == typeof(IQueryHandler<,>))));
        foreach (var handler in handlers)
        {
            foreach (var contract in handler.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericArguments().Length == 2 && typeof(IMessage).IsAssignableFrom(i.GetGenericArguments()[0])))
            {
                Assert.Equal(contract.GetGenericArguments()[0].Namespace, handler.Namespace);
            }
        }
    }
}
