using System.Collections.Generic;
using AgentBay.Generators.Model;

namespace AgentBay.Generators.Emit;

/// <summary>
/// Emits a record: init-only properties documented from the spec, a reader from an operation outcome and from a JSON
/// element, and writers to JSON and to request parameters (for records used as arguments).
/// </summary>
internal static class RecordEmitter
{
    public static string Emit(RecordUnit unit)
    {
        var types = unit.Types;
        var record = unit.Record;
        var writer = new CodeWriter();
        writer.FileStart(types.Namespace);
        writer.Summary(record.Doc, record.Name + ".");
        foreach (var typeParameter in record.TypeParameters)
        {
            writer.Line("/// <typeparam name=\"" + typeParameter + "\">Type of the data the result carries.</typeparam>");
        }

        writer.Line(Emitter.GeneratedCodeAttribute);
        writer.Open("public sealed partial record " + record.Name + TypeParameterList(record));
        foreach (var field in record.Fields)
        {
            writer.Summary(field.Doc, field.Name + ".");
            if (field.Type.Kind == TypeKind.Session && !field.Type.IsNullable)
            {
                EmitRequiredSession(writer, types, record, field);
                continue;
            }

            writer.Line("public " + TypeNames.CSharp(types, field.Type) + " " + field.Name + " { get; init; }" + Initializer(types, field.Type));
            writer.Line();
        }

        var hasSession = HasSessionField(record);
        if (HasRequiredSession(record))
        {
            EmitPrintMembers(writer, record);
        }

        EmitFromOutcome(writer, types, record, hasSession);
        if (!hasSession)
        {
            writer.Line();
            EmitReadFrom(writer, types, record);
            writer.Line();
            EmitWriteJson(writer, types, record);
            writer.Line();
            EmitAddTo(writer, types, record);
        }

        writer.Close();
        writer.FileEnd();
        return writer.ToString();
    }

    /// <summary>
    /// A non-nullable session field reads like the happy path (<c>(await client.CreateAsync()).Session</c>) and throws a
    /// clear exception, naming the service's error, when the call returned no session (as Azure's Response.Value does).
    /// </summary>
    private static void EmitRequiredSession(CodeWriter writer, TypeContext types, RecordModel record, FieldModel field)
    {
        var sessionType = TypeNames.Qualified(types, types.SessionClass ?? "Session");
        var backing = "_" + char.ToLowerInvariant(field.Name[0]) + field.Name.Substring(1);
        string? errorField = null;
        foreach (var candidate in record.Fields)
        {
            if (candidate.Source == FieldSource.ErrorMessage)
            {
                errorField = candidate.Name;
            }
        }

        var reason = errorField is null ? "\"the call did not succeed\"" : "(" + errorField + " ?? \"the call did not succeed\")";
        writer.Line("/// <exception cref=\"global::System.InvalidOperationException\">The call returned no session; the message says why.</exception>");
        writer.Line("public " + sessionType + " " + field.Name);
        writer.Line("{");
        writer.Indent();
        writer.Line("get => " + backing + " ?? throw new global::System.InvalidOperationException(\"No session was returned: \" + " + reason + ");");
        writer.Line("init => " + backing + " = value;");
        writer.Outdent();
        writer.Line("}");
        writer.Line();
        writer.Line("private readonly " + sessionType + "? " + backing + ";");
        writer.Line();
    }

    private static bool HasRequiredSession(RecordModel record)
    {
        foreach (var field in record.Fields)
        {
            if (field.Type.Kind == TypeKind.Session && !field.Type.IsNullable)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The compiler's record ToString reads every property, and a failed result's session property throws: print the
    /// backing field instead, so that logging a failed result never throws.
    /// </summary>
    private static void EmitPrintMembers(CodeWriter writer, RecordModel record)
    {
        writer.Open("private bool PrintMembers(global::System.Text.StringBuilder builder)");
        for (var i = 0; i < record.Fields.Count; i++)
        {
            var field = record.Fields[i];
            var value = field.Type.Kind == TypeKind.Session && !field.Type.IsNullable
                ? "_" + char.ToLowerInvariant(field.Name[0]) + field.Name.Substring(1)
                : field.Name;
            writer.Line("builder.Append(" + CodeWriter.Literal((i == 0 ? "" : ", ") + field.Name + " = ") + ").Append(" + value + ");");
        }

        writer.Line("return true;");
        writer.Close();
        writer.Line();
    }

    public static bool HasSessionField(RecordModel record)
    {
        foreach (var field in record.Fields)
        {
            if (field.Type.Kind == TypeKind.Session)
            {
                return true;
            }
        }

        return false;
    }

    public static string TypeParameterList(RecordModel record) =>
        record.TypeParameters.IsEmpty ? "" : "<" + string.Join(", ", record.TypeParameters) + ">";

    /// <summary>Reader parameters: a session factory when the record holds a session, one reader per type parameter.</summary>
    private static string ReaderParameters(TypeContext types, RecordModel record, bool hasSession)
    {
        var parts = new List<string>();
        if (hasSession)
        {
            parts.Add("global::System.Func<string, " + TypeNames.Qualified(types, types.SessionClass ?? "Session") + "> sessionFactory");
        }

        foreach (var typeParameter in record.TypeParameters)
        {
            parts.Add("global::System.Func<" + TypeNames.JsonElement + ", " + typeParameter + "> read" + typeParameter);
        }

        return parts.Count == 0 ? "" : ", " + string.Join(", ", parts);
    }

    private static void EmitFromOutcome(CodeWriter writer, TypeContext types, RecordModel record, bool hasSession)
    {
        var name = record.Name + TypeParameterList(record);
        writer.Line("/// <summary>Reads the result of a finished operation.</summary>");
        writer.Open("internal static " + name + " FromOutcome(" + TypeNames.Runtime + "OperationOutcome outcome" + ReaderParameters(types, record, hasSession) + ")");
        writer.Line("return new " + name);
        writer.Line("{");
        writer.Indent();
        foreach (var field in record.Fields)
        {
            writer.Line(field.Name + " = " + ReadField(types, field, "outcome.Body", fromOutcome: true) + ",");
        }

        writer.Outdent();
        writer.Line("};");
        writer.Close();
    }

    private static void EmitReadFrom(CodeWriter writer, TypeContext types, RecordModel record)
    {
        var name = record.Name + TypeParameterList(record);
        writer.Line("/// <summary>Reads the record from a JSON element; fields that come from an operation outcome keep their defaults.</summary>");
        writer.Open("internal static " + name + " ReadFrom(" + TypeNames.JsonElement + " element" + ReaderParameters(types, record, false) + ")");
        writer.Line("return new " + name);
        writer.Line("{");
        writer.Indent();
        foreach (var field in record.Fields)
        {
            if (field.Source == FieldSource.Wire)
            {
                writer.Line(field.Name + " = " + ReadField(types, field, "element", fromOutcome: false) + ",");
            }
        }

        writer.Outdent();
        writer.Line("};");
        writer.Close();
    }

    private static string ReadField(TypeContext types, FieldModel field, string source, bool fromOutcome)
    {
        string ReadTypeParameter(string name) => "read" + name + "(" + (field.Source == FieldSource.Data ? "outcome.Data" : Select(source, field.Wire)) + ")";
        switch (field.Source)
        {
            case FieldSource.Wire:
                return TypeNames.Read(types, field.Type, Select(source, field.Wire), ReadTypeParameter);
            case FieldSource.Data:
                return field.Type.Kind == TypeKind.TypeParameter
                    ? "outcome.Success ? " + ReadTypeParameter(field.Type.Name) + " : default"
                    : TypeNames.Read(types, field.Type, "outcome.Data", ReadTypeParameter);
            default:
                return fromOutcome ? OutcomeValue(field) : "default";
        }
    }

    private static string OutcomeValue(FieldModel field)
    {
        var nonNullString = field.Type.Kind == TypeKind.String && !field.Type.IsNullable;
        return field.Source switch
        {
            FieldSource.RequestId => "outcome.RequestId",
            FieldSource.Success => "outcome.Success",
            FieldSource.ErrorMessage => "outcome.ErrorMessage" + (nonNullString ? " ?? \"\"" : ""),
            FieldSource.Code => "outcome.Code" + (nonNullString ? " ?? \"\"" : ""),
            FieldSource.Message => "outcome.Message" + (nonNullString ? " ?? \"\"" : ""),
            FieldSource.HttpStatusCode => field.Type.IsNullable ? "outcome.HttpStatusCode" : "outcome.HttpStatusCode ?? 0",
            FieldSource.Status => "outcome.Status" + (nonNullString ? " ?? \"\"" : ""),
            FieldSource.StepError => "outcome.StepError" + (nonNullString ? " ?? \"\"" : ""),
            // A failed call's text is its error, already in ErrorMessage: data fields stay empty, as the SDKs leave them.
            _ => "(outcome.Success ? outcome.Text : null)" + (nonNullString ? " ?? \"\"" : ""),
        };
    }

    // A plain property name is looked up by its UTF-8 bytes (no path parsing, no transcoding per read); dotted paths and
    // array indexes go through Select.
    private static string Select(string source, string? wire) =>
        string.IsNullOrEmpty(wire) ? source
        : IsPlainPropertyName(wire!) ? TypeNames.WireReader + "Property(" + source + ", " + CodeWriter.Literal(wire!) + "u8)"
        : TypeNames.WireReader + "Select(" + source + ", " + CodeWriter.Literal(wire!) + ")";

    private static bool IsPlainPropertyName(string wire)
    {
        var allDigits = true;
        foreach (var c in wire)
        {
            if (c == '.')
            {
                return false;
            }

            allDigits &= c >= '0' && c <= '9';
        }

        return !allDigits;
    }

    private static void EmitWriteJson(CodeWriter writer, TypeContext types, RecordModel record)
    {
        writer.Line("/// <summary>Writes the wire fields as one JSON object (records used as tool arguments or JSON parameters).</summary>");
        writer.Open("internal void WriteJson(" + TypeNames.Writer + " writer)");
        writer.Line("writer.WriteStartObject();");
        foreach (var field in WireFields(record))
        {
            var type = field.Type;
            var guard = Nullable(types, type);
            if (guard)
            {
                writer.Open("if (" + field.Name + " is not null)");
            }

            writer.Line("writer.WritePropertyName(" + CodeWriter.Literal(field.Wire!) + "u8);");
            var value = field.Name + (guard && TypeNames.IsValueType(types, type) ? ".Value" : "");
            if (field.EncodeJson)
            {
                // The field travels as a JSON string holding its JSON, inside this object's JSON.
                writer.Line(TypeNames.Runtime + "WireWriter.WriteEncoded(writer, " + value + ", static (inner, v) => "
                    + TypeNames.Write(types, type.AsNullable(false), "v", "inner").TrimEnd(';') + ");");
            }
            else
            {
                writer.Line(TypeNames.Write(types, type.AsNullable(false), value, "writer"));
            }
            if (guard)
            {
                writer.Close();
            }
        }

        writer.Line("writer.WriteEndObject();");
        writer.Close();
    }

    private static void EmitAddTo(CodeWriter writer, TypeContext types, RecordModel record)
    {
        writer.Line("/// <summary>Adds the wire fields as request parameters (records flattened into an operation's parameters).</summary>");
        writer.Open("internal void AddTo(" + TypeNames.Runtime + "AgentBayRequest request)");
        foreach (var field in WireFields(record))
        {
            if (field.Wire!.IndexOf('.') >= 0)
            {
                continue;
            }

            writer.Line(RequestParameters.AddStatement(types, field.Type, field.Name, field.Wire, field.EncodeJson, "global::AgentBay.Runtime.ParameterLocation.Form", null));
        }

        writer.Close();
    }

    private static IEnumerable<FieldModel> WireFields(RecordModel record)
    {
        foreach (var field in record.Fields)
        {
            if (field.Source == FieldSource.Wire && field.Type.Kind != TypeKind.TypeParameter && field.Wire is not null)
            {
                yield return field;
            }
        }
    }

    private static bool Nullable(TypeContext types, TypeRef type) => type.IsNullable || !TypeNames.IsValueType(types, type);

    private static string Initializer(TypeContext types, TypeRef type)
    {
        if (type.IsNullable)
        {
            return "";
        }

        return type.Kind switch
        {
            TypeKind.String => " = \"\";",
            TypeKind.List => " = global::System.Array.Empty<" + TypeNames.CSharp(types, type.Element) + ">();",
            TypeKind.Map => " = new global::System.Collections.Generic.Dictionary<string, " + TypeNames.CSharp(types, type.Element) + ">();",
            TypeKind.Session or TypeKind.TypeParameter => " = default!;",
            TypeKind.Named when !TypeNames.IsEnum(types, type) => " = new " + TypeNames.CSharp(types, type) + "();",
            _ => "",
        };
    }
}
