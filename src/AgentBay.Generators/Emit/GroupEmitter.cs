using AgentBay.Generators.Model;

namespace AgentBay.Generators.Emit;

/// <summary>
/// Emits a group's class (<c>ContextService</c> behind <c>client.Contexts</c>, <c>ContextManager</c> behind
/// <c>session.Context</c>) and the property its owner reaches it through.
/// </summary>
internal static class GroupEmitter
{
    public static string Emit(GroupUnit unit)
    {
        var types = unit.Types;
        var group = unit.Group;
        var isSession = unit.SessionIdWire is not null;
        var writer = new CodeWriter();
        writer.FileStart(types.Namespace);
        writer.Summary(group.Doc, group.ClassName + ".");
        writer.Line(Emitter.GeneratedCodeAttribute);
        writer.Open("public sealed partial class " + group.ClassName);
        // Only the owner creates a group: it is a view of the owner's transport (and session), not a resource of its own.
        if (isSession)
        {
            writer.Open("internal " + group.ClassName + "(" + TypeNames.Runtime + "AgentBayTransport transport, string sessionId)");
            writer.Line("Transport = transport;");
            writer.Line("SessionId = sessionId;");
            writer.Close();
            writer.Line();
            writer.Line("/// <summary>The id of the session these operations act on.</summary>");
            writer.Line("public string SessionId { get; }");
        }
        else
        {
            writer.Open("internal " + group.ClassName + "(" + TypeNames.Runtime + "AgentBayTransport transport)");
            writer.Line("Transport = transport;");
            writer.Close();
        }

        writer.Line();
        writer.Line("/// <summary>The transport that sends these requests (the owner's).</summary>");
        writer.Line("public " + TypeNames.Runtime + "AgentBayTransport Transport { get; }");
        var owner = new OperationEmitter.Owner(types, isSession, unit.SessionIdWire, unit.Records, marksReleased: false);
        foreach (var operation in group.Operations)
        {
            writer.Line();
            OperationEmitter.EmitRpc(writer, operation, owner);
        }

        writer.Close();
        writer.FileEnd();
        return writer.ToString();
    }

    /// <summary>The owner's property: created on first use, so an owner that never uses its groups allocates nothing for them.</summary>
    public static void EmitProperties(CodeWriter writer, TypeContext types, EquatableArray<GroupRef> groups, bool isSession)
    {
        foreach (var group in groups)
        {
            var type = TypeNames.Qualified(types, group.ClassName);
            var field = "_" + char.ToLowerInvariant(group.Property[0]) + group.Property.Substring(1) + "Group";
            writer.Line();
            writer.Line("private " + type + "? " + field + ";");
            writer.Line();
            writer.Summary(group.Doc, group.ClassName + ".");
            // Two threads racing here each build an equal view over the same transport; either may win, nothing is lost.
            writer.Line("public " + type + " " + group.Property + " => " + field + " ??= new " + type + "(Transport" + (isSession ? ", SessionId" : "") + ");");
        }
    }
}
