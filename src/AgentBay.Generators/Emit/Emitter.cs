namespace AgentBay.Generators.Emit;

/// <summary>Turns an emit unit into the text of its file.</summary>
internal static class Emitter
{
    public const string Version = "0.1.0";

    public const string GeneratedCodeAttribute = "[global::System.CodeDom.Compiler.GeneratedCode(\"AgentBay.Generators\", \"" + Version + "\")]";

    public static GeneratedFile Emit(EmitUnit unit) => new(unit.HintName, unit switch
    {
        EnumUnit enumUnit => EnumEmitter.Emit(enumUnit),
        RecordUnit recordUnit => RecordEmitter.Emit(recordUnit),
        ClientUnit clientUnit => ClientEmitter.Emit(clientUnit),
        SessionUnit sessionUnit => SessionEmitter.Emit(sessionUnit),
        GroupUnit groupUnit => GroupEmitter.Emit(groupUnit),
        ToolsClassUnit toolsClassUnit => ToolEmitter.EmitClass(toolsClassUnit),
        ToolUnit toolUnit => ToolEmitter.EmitTool(toolUnit),
        AIToolUnit aiToolUnit => AIFunctionEmitter.EmitTool(aiToolUnit),
        AIFunctionsClassUnit aiClassUnit => AIFunctionEmitter.EmitClass(aiClassUnit),
        _ => throw new System.ArgumentException("Unknown emit unit " + unit.GetType().Name, nameof(unit)),
    });
}
