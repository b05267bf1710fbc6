namespace AgentBay.Generators.Emit;

/// <summary>
/// Emits an extensible enum: a struct over the wire string with a static property per known value, so that a value the
/// service adds later is still representable (the Azure SDK's pattern) instead of failing to parse.
/// </summary>
internal static class EnumEmitter
{
    public static string Emit(EnumUnit unit)
    {
        var model = unit.Enum;
        var name = model.Name;
        var writer = new CodeWriter();
        writer.FileStart(unit.Types.Namespace);
        writer.Summary(model.Doc, name + ".");
        writer.Line(Emitter.GeneratedCodeAttribute);
        writer.Open("public readonly partial struct " + name + " : global::System.IEquatable<" + name + ">");
        writer.Line("private readonly string? _value;");
        writer.Line();
        writer.Line("/// <summary>Wraps a wire value, known or not.</summary>");
        writer.Line("/// <param name=\"value\">The value as the service spells it.</param>");
        writer.Line("public " + name + "(string value) => _value = value ?? throw new global::System.ArgumentNullException(nameof(value));");
        foreach (var value in model.Values)
        {
            writer.Line();
            writer.Line("/// <summary>" + CodeWriter.Xml(value.Wire) + ".</summary>");
            writer.Line("public static " + name + " " + value.Name + " { get; } = new " + name + "(" + CodeWriter.Literal(value.Wire) + ");");
        }

        writer.Line();
        writer.Line("/// <summary>The value as the service spells it.</summary>");
        writer.Line("public string Value => _value ?? \"\";");
        writer.Line();
        writer.Line("/// <summary>Compares wire values ordinally.</summary>");
        writer.Line("public static bool operator ==(" + name + " left, " + name + " right) => left.Equals(right);");
        writer.Line();
        writer.Line("/// <summary>Compares wire values ordinally.</summary>");
        writer.Line("public static bool operator !=(" + name + " left, " + name + " right) => !left.Equals(right);");
        writer.Line();
        writer.Line("/// <summary>Wraps a wire value.</summary>");
        writer.Line("public static implicit operator " + name + "(string value) => new " + name + "(value);");
        writer.Line();
        writer.Line("/// <inheritdoc/>");
        writer.Line("public bool Equals(" + name + " other) => string.Equals(Value, other.Value, global::System.StringComparison.Ordinal);");
        writer.Line();
        writer.Line("/// <inheritdoc/>");
        writer.Line("public override bool Equals(object? obj) => obj is " + name + " other && Equals(other);");
        writer.Line();
        writer.Line("/// <inheritdoc/>");
        writer.Line("public override int GetHashCode() => global::System.StringComparer.Ordinal.GetHashCode(Value);");
        writer.Line();
        writer.Line("/// <summary>The wire value.</summary>");
        writer.Line("public override string ToString() => Value;");
        writer.Close();
        writer.FileEnd();
        return writer.ToString();
    }
}
