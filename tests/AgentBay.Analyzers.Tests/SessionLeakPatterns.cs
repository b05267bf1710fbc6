using System.Collections.Generic;

namespace AgentBay.Analyzers.Tests;

/// <summary>Leaks that must be reported: the marked span <c>{|#0:...|}</c>, the rule and the message's subject.</summary>
internal static class SessionLeakPatterns
{
    private const string Never = AgentBayDiagnosticIds.SessionNeverReleased;
    private const string SomePaths = AgentBayDiagnosticIds.SessionNotReleasedOnAllPaths;

    private static string Async(string body) => Infrastructure.Code.InAsyncMethod(body);

    private static string Sync(string body) => Infrastructure.Code.InSyncMethod(body);

    public static readonly Dictionary<string, (string Source, string Id, string Subject)> All = new()
    {
        ["created, used, dropped"] = (Async("""
            var {|#0:s|} = (await client.CreateAsync()).Session;
            await s.Tools.ShellAsync("ls");
            """), Never, "Session 's'"),
        ["created, dropped, sync"] = (Sync("""
            var {|#0:s|} = client.Create().Session;
            s.Tools.Shell("ls");
            """), Never, "Session 's'"),
        ["through a result local"] = (Sync("""
            var result = client.Create();
            var {|#0:s|} = result.Session;
            Log(s.SessionId);
            """), Never, "Session 's'"),
        ["ConfigureAwait on create"] = (Async("""
            var {|#0:s|} = (await client.CreateAsync().ConfigureAwait(false)).Session;
            await s.PauseAsync();
            """), Never, "Session 's'"),
        ["get without release"] = (Async("""
            var {|#0:s|} = (await client.GetAsync(id)).Session;
            await s.ResumeAsync();
            """), Never, "Session 's'"),
        ["assigned later, never released"] = (Async("""
            Session? s = null;
            {|#0:s|} = (await client.CreateAsync()).Session;
            await s.Tools.ShellAsync("ls");
            """), Never, "Session 's'"),
        ["result awaited and discarded"] = (Async("""
            {|#0:await client.CreateAsync()|};
            """), Never, "The session from 'CreateAsync'"),
        ["result discarded, sync"] = (Sync("""
            {|#0:client.Create()|};
            """), Never, "The session from 'Create'"),
        ["result assigned to discard"] = (Async("""
            _ = {|#0:await client.CreateAsync()|};
            """), Never, "The session from 'CreateAsync'"),
        ["session used inline"] = (Async("""
            await {|#0:(await client.CreateAsync()).Session|}.Tools.ShellAsync("ls");
            """), Never, "The session from 'CreateAsync'"),
        ["session of a result local used inline"] = (Sync("""
            var result = client.Create();
            {|#0:result.Session|}.Tools.Shell("ls");
            """), Never, "The session from 'Create'"),
        ["leaked inside a lambda"] = (Async("""
            Func<Task> work = async () =>
            {
                var {|#0:s|} = (await client.CreateAsync()).Session;
                await s.Tools.ShellAsync("ls");
            };
            await work();
            """), Never, "Session 's'"),
        ["leaked inside a local function"] = (Async("""
            await WorkAsync();
            async Task WorkAsync()
            {
                var {|#0:s|} = (await client.CreateAsync()).Session;
                Log(s.SessionId);
            }
            """), Never, "Session 's'"),
        // Bodies other than methods: each is an operation block of its own, flagged by the hand-over call in it.
        ["leaked in a constructor"] = (Infrastructure.Code.InClass("""
            Owner()
            {
                var {|#0:s|} = client.Create().Session;
                Log(s.SessionId);
            }
            """), Never, "Session 's'"),
        ["leaked in a constructor that chains to another"] = (Infrastructure.Code.InClass("""
            Owner() { }

            Owner(string id) : this()
            {
                var {|#0:s|} = client.Create().Session;
                Log(id + s.SessionId);
            }
            """), Never, "Session 's'"),
        ["leaked in a property getter"] = (Infrastructure.Code.InClass("""
            string Probe
            {
                get
                {
                    var {|#0:s|} = client.Create().Session;
                    return s.SessionId;
                }
            }
            """), Never, "Session 's'"),
        ["result discarded in an expression-bodied method"] = (Infrastructure.Code.InClass("""
            void Drop() => {|#0:client.Create()|};
            """), Never, "The session from 'Create'"),
        ["read back through its tools, never released"] = (Sync("""
            var {|#0:s|} = client.Create().Session;
            Log(s.Tools.Session.SessionId);
            """), Never, "Session 's'"),
        ["released only in an if"] = (Async("""
            var {|#0:s|} = (await client.CreateAsync()).Session;
            await s.Tools.ShellAsync("ls");
            if (flag) await s.DeleteAsync();
            """), SomePaths, "Session 's'"),
        ["early return skips the release"] = (Async("""
            var {|#0:s|} = (await client.CreateAsync()).Session;
            if (flag) return;
            await s.DeleteAsync();
            """), SomePaths, "Session 's'"),
        ["released only in a catch"] = (Async("""
            var {|#0:s|} = (await client.CreateAsync()).Session;
            try
            {
                await s.Tools.ShellAsync("ls");
            }
            catch (InvalidOperationException)
            {
                await s.DeleteAsync();
                throw;
            }
            """), SomePaths, "Session 's'"),
        ["switch releasing in one section"] = (Sync("""
            var {|#0:s|} = client.Create().Session;
            switch (id)
            {
                case "a":
                    s.Dispose();
                    break;
                case "b":
                    break;
            }
            """), SomePaths, "Session 's'"),
        ["continue skips the release"] = (Async("""
            foreach (var name in new[] { "a", "b" })
            {
                var {|#0:s|} = (await client.CreateAsync()).Session;
                if (name == "a") continue;
                await s.DeleteAsync();
            }
            """), SomePaths, "Session 's'"),
        ["sync release in an else only"] = (Sync("""
            var {|#0:s|} = client.Create().Session;
            if (flag)
            {
                s.Tools.Shell("ls");
            }
            else
            {
                client.Delete(s);
            }
            """), SomePaths, "Session 's'"),
    };
}
