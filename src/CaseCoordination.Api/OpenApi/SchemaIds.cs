namespace CaseCoordination.Api.OpenApi;

/// <summary>Readable schema ids for generated clients: the type's name, and for a generic type its arguments first (<c>Page&lt;CaseDto&gt;</c> is <c>CaseDtoPage</c>).</summary>
public static class SchemaIds
{
    public static string Of(Type type)
    {
        if (!type.IsGenericType)
        {
            return type.Name;
        }

        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return string.Concat(type.GetGenericArguments().Select(Of)) + (tick < 0 ? name : name[..tick]);
    }
}
