namespace AgentBay.Generators.Emit;

/// <summary>
/// The shape of a core method that returns without an async state machine when the outcome is already there (every
/// sync call): its body runs in a try whose failures come back as a failed task, and the result is read by an
/// instance method of the generated type through <c>AgentBayOperation.ReadOutcome</c>, which also disposes the outcome.
/// Operations and tools share it.
/// </summary>
internal static class DirectCore
{
    public static void Open(CodeWriter writer, string signature)
    {
        writer.Open("private " + signature);
        writer.Open("try");
    }

    /// <summary>Returns what <paramref name="readMethod"/> reads from the outcome <paramref name="pending"/> stands for, then closes the method.</summary>
    public static void Close(CodeWriter writer, string returnType, string pending, string readMethod)
    {
        writer.Line("return " + TypeNames.Runtime + "AgentBayOperation.ReadOutcome(" + pending + ", this, static (self, outcome) => self." + readMethod + "(outcome));");
        writer.Close();
        writer.Open("catch (global::System.Exception exception)");
        writer.Line("return " + TypeNames.Runtime + "AgentBayOperation.Failed<" + returnType + ">(exception);");
        writer.Close();
        writer.Close();
    }
}
