using System.Net;
using System.Text.RegularExpressions;
using Attune.Platform.Authorization;
using Attune.Platform.Cli;
using Attune.Platform.Data;
using Attune.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Attune.Tests.Platform.Cli;

public sealed partial class CommandLineTests
{
    [Fact]
    public async Task Create_admin_makes_a_trust_administrator_who_signs_in_with_the_printed_password()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite, seedDemo: false);
        _ = app.Server;
        var (code, output) = await app.RunCommandAsync("create-admin", "--email", "it@example-trust.org.uk", "--name", "Alex Morgan", "--trust", "Example Trust");

        Assert.Equal(0, code);
        var password = OneTimePassword().Match(output).Value;
        var role = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().RoleAssignments.Select(a => a.Role).SingleAsync());
        Assert.Equal(Role.TrustAdministrator, role);
        var session = StaffSession.Anonymous(app);
        var response = await session.SubmitPasswordAsync("it@example-trust.org.uk", password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(0, await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Pupils.CountAsync()));
    }

    [GeneratedRegex("[a-z2-9]{5}-[a-z2-9]{5}-[a-z2-9]{5}-[a-z2-9]{5}")]
    private static partial Regex OneTimePassword();
}
