using Attune.Features.Schools;
using Attune.Platform.Authorization;

namespace Attune.Features.Staff.Pages;

/// <summary>The role and key-stage scope chosen on a form.</summary>
public sealed record RoleChoice(Role? Role, KeyStages[] Scope)
{
    public KeyStages Combined => Scope.Aggregate(KeyStages.None, (all, one) => all | one);
}
