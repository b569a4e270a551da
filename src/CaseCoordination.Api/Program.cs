using CaseCoordination.Api;
using CaseCoordination.Api.Infrastructure;
using Serilog;

if (args is ["token", ..])
{
    return TokenCommand.Run(args[1..]);
}

if (args is ["generate", ..])
{
    return await GenerateCommand.RunAsync(args[1..], []);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddCaseCoordination();

var app = builder.Build();
app.UseCaseCoordination();

try
{
    await app.RunAsync();
    return 0;
}
finally
{
    await Log.CloseAndFlushAsync();
}

/// <summary>The API's entry point; public so that tests can host it with WebApplicationFactory.</summary>
public partial class Program;
