using CaseCoordination.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace CaseCoordination.Infrastructure.Protection;

/// <summary>
/// The model holds value converters bound to a <see cref="PersonalDataProtection"/>; each protection
/// (one per application host) gets its own model, so two hosts in one process never share keys.
/// </summary>
public sealed class ProtectionAwareModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        context is CaseCoordinationDbContext db
            ? (context.GetType(), db.Protection, designTime)
            : (object)(context.GetType(), designTime);
}
