namespace AgentBay.Analyzers.Tests.Infrastructure;

/// <summary>Wraps test snippets in the scaffolding they share: a client, a field, a list, helpers that take a session.</summary>
internal static class Code
{
    /// <summary>Members placed in a class that has a client and the helpers.</summary>
    public static string InClass(string members) => $$"""
        class Owner
        {
            readonly AgentBayClient client = null!;
            Session? field;
            Session? Current { get; set; }
            readonly List<Session> sessions = new();
            readonly Dictionary<string, Session> byName = new();
            static void Use(Session session) { }
            static void Log(object value) { }
            static void Take(ref Session? session) { }
            static bool Flag() => true;

        {{Indent(members)}}
        }

        sealed class Worker
        {
            public Worker(Session session) => Session = session;
            public Session Session { get; }
        }
        """;

    /// <summary>A statement body inside <c>async Task Run(string id, bool flag)</c> of the scaffolding class.</summary>
    public static string InAsyncMethod(string body) => InClass($$"""
        async Task Run(string id, bool flag)
        {
        {{Indent(body)}}
        }
        """);

    /// <summary>A statement body inside <c>void Run(string id, bool flag)</c> of the scaffolding class.</summary>
    public static string InSyncMethod(string body) => InClass($$"""
        void Run(string id, bool flag)
        {
        {{Indent(body)}}
        }
        """);

    private static string Indent(string text) => "    " + text.Replace("\n", "\n    ");
}
