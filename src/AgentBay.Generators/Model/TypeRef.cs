using System;
using System.Text;

namespace AgentBay.Generators.Model;

/// <summary>The kind of a spec type.</summary>
internal enum TypeKind
{
    String,
    Bool,
    Int,
    Long,
    Double,
    /// <summary>Any JSON value, surfaced as JsonElement.</summary>
    Json,
    /// <summary>The spec's session class; read from a session id on the wire.</summary>
    Session,
    List,
    Map,
    /// <summary>A record or enum of the spec, possibly generic (<c>OperationResult&lt;string&gt;</c>).</summary>
    Named,
    /// <summary>A type parameter of a generic record (<c>T</c>).</summary>
    TypeParameter,
}

/// <summary>A parsed spec type such as <c>map&lt;string,string&gt;?</c>; <see cref="Arguments"/> holds element or generic types.</summary>
internal sealed record TypeRef(TypeKind Kind, string Name, EquatableArray<TypeRef> Arguments, bool IsNullable)
{
    public static TypeRef Simple(TypeKind kind, bool nullable = false) => new(kind, KeywordOf(kind), EquatableArray<TypeRef>.Empty, nullable);

    public TypeRef Element => Arguments[0];

    public TypeRef AsNullable(bool nullable) => this with { IsNullable = nullable };

    public bool IsPrimitive => Kind is TypeKind.String or TypeKind.Bool or TypeKind.Int or TypeKind.Long or TypeKind.Double;

    public bool IsValueType(Func<string, bool> isEnum) => Kind switch
    {
        TypeKind.Bool or TypeKind.Int or TypeKind.Long or TypeKind.Double or TypeKind.Json => true,
        TypeKind.Named => isEnum(Name),
        _ => false,
    };

    /// <summary>The type as the spec writes it, for messages.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        Append(builder);
        return builder.ToString();
    }

    private void Append(StringBuilder builder)
    {
        builder.Append(Name);
        if (!Arguments.IsEmpty)
        {
            builder.Append('<');
            if (Kind == TypeKind.Map)
            {
                builder.Append("string,");
            }

            for (var i = 0; i < Arguments.Count; i++)
            {
                if (i > 0)
                {
                    builder.Append(',');
                }

                Arguments[i].Append(builder);
            }

            builder.Append('>');
        }

        if (IsNullable)
        {
            builder.Append('?');
        }
    }

    public static string KeywordOf(TypeKind kind) => kind switch
    {
        TypeKind.String => "string",
        TypeKind.Bool => "bool",
        TypeKind.Int => "int",
        TypeKind.Long => "long",
        TypeKind.Double => "double",
        TypeKind.Json => "json",
        TypeKind.Session => "session",
        TypeKind.List => "list",
        TypeKind.Map => "map",
        _ => "",
    };
}
