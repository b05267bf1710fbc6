using System.Collections.Generic;

namespace AgentBay.Analyzers.Tests;

/// <summary>Correct ways to own a session: none may produce AGB2002 or AGB2003. Each is a whole class body.</summary>
internal static class SessionValidPatterns
{
    private static string Async(string body) => Infrastructure.Code.InAsyncMethod(body);

    private static string Sync(string body) => Infrastructure.Code.InSyncMethod(body);

    public static readonly Dictionary<string, string> All = new()
    {
        ["await using declaration"] = Async("""
            await using var s = (await client.CreateAsync()).Session;
            await s.Tools.ShellAsync("ls");
            """),
        ["using declaration, sync"] = Sync("""
            using var s = client.Create().Session;
            s.Tools.Shell("ls");
            """),
        ["await using statement"] = Async("""
            await using (var s = (await client.CreateAsync()).Session)
            {
                await s.Tools.ShellAsync("ls");
            }
            """),
        ["using statement, sync"] = Sync("""
            using (var s = client.Create().Session)
            {
                s.Tools.Shell("ls");
            }
            """),
        ["await using statement with ConfigureAwait"] = Async("""
            var s = (await client.CreateAsync().ConfigureAwait(false)).Session;
            await using (s.ConfigureAwait(false))
            {
                await s.Tools.ShellAsync("ls").ConfigureAwait(false);
            }
            """),
        ["await using declaration with ConfigureAwait"] = Async("""
            var s = (await client.CreateAsync().ConfigureAwait(false)).Session;
            await using var configured = s.ConfigureAwait(false);
            await s.Tools.ShellAsync("ls");
            """),
        ["using statement over an existing local"] = Sync("""
            var s = client.Create().Session;
            using (s)
            {
                if (flag) return;
                s.Tools.Shell("ls");
            }
            """),
        ["using declaration of an alias"] = Async("""
            var s = (await client.CreateAsync()).Session;
            await using var owned = s;
            """),
        ["DeleteAsync in finally"] = Async("""
            var s = (await client.CreateAsync()).Session;
            try
            {
                if (flag) return;
                await s.Tools.ShellAsync("ls");
            }
            finally
            {
                await s.DeleteAsync();
            }
            """),
        ["Delete in finally, sync"] = Sync("""
            var s = client.Create().Session;
            try { s.Tools.Shell("ls"); }
            finally { s.Delete(); }
            """),
        ["client.DeleteAsync(session) in finally"] = Async("""
            var s = (await client.CreateAsync()).Session;
            try { await s.Tools.ShellAsync("ls"); }
            finally { await client.DeleteAsync(s); }
            """),
        ["DisposeAsync at the end"] = Async("""
            var s = (await client.CreateAsync()).Session;
            await s.Tools.ShellAsync("ls");
            await s.DisposeAsync().ConfigureAwait(false);
            """),
        ["Dispose at the end, sync"] = Sync("""
            var s = client.Create().Session;
            s.Tools.Shell("ls");
            s.Dispose();
            """),
        ["null-conditional Dispose"] = Sync("""
            var s = client.Create().Session;
            s?.Dispose();
            """),
        ["assigned in try, null-conditional dispose in finally"] = Async("""
            Session? s = null;
            try
            {
                s = (await client.CreateAsync()).Session;
                await s.Tools.ShellAsync("ls");
            }
            finally
            {
                s?.Dispose();
            }
            """),
        ["assigned in try, null check in finally"] = Async("""
            Session? s = null;
            try
            {
                s = (await client.CreateAsync()).Session;
                if (flag) return;
            }
            finally
            {
                if (s != null) await s.DeleteAsync();
            }
            """),
        ["released in both branches"] = Async("""
            var s = (await client.CreateAsync()).Session;
            if (flag) await s.DeleteAsync();
            else s.Dispose();
            """),
        ["early return after releasing"] = Async("""
            var s = (await client.CreateAsync()).Session;
            if (flag)
            {
                await s.DeleteAsync();
                return;
            }
            await s.Tools.ShellAsync("ls");
            await s.DeleteAsync();
            """),
        ["throw before the release is not a normal path"] = Async("""
            var s = (await client.CreateAsync()).Session;
            if (flag) throw new InvalidOperationException();
            await s.DeleteAsync();
            """),
        ["switch releasing in every section"] = Async("""
            var s = (await client.CreateAsync()).Session;
            switch (id)
            {
                case "a":
                    await s.DeleteAsync();
                    break;
                default:
                    s.Dispose();
                    break;
            }
            """),
        ["result checked, then await using"] = Async("""
            var result = await client.CreateAsync();
            if (!result.Success) return;
            await using var s = result.Session;
            """),
        ["result local, session disposed"] = Sync("""
            var result = client.Create();
            var s = result.Session;
            s.Dispose();
            """),
        ["inline delete"] = Async("""
            await (await client.CreateAsync()).Session.DeleteAsync();
            """),
        ["inline dispose, sync"] = Sync("""
            client.Create().Session.Dispose();
            """),
        ["get then await using"] = Async("""
            await using var s = (await client.GetAsync(id)).Session;
            """),
        ["returned from async method"] = Infrastructure.Code.InClass("""
            async Task<Session> Open()
            {
                var s = (await client.CreateAsync()).Session;
                await s.Tools.ShellAsync("ls");
                return s;
            }
            """),
        ["returned inline"] = Infrastructure.Code.InClass("""
            async Task<Session> Open() => (await client.CreateAsync()).Session;
            """),
        ["returned in a tuple"] = Infrastructure.Code.InClass("""
            async Task<(Session, string)> Open()
            {
                var s = (await client.CreateAsync()).Session;
                return (s, s.SessionId);
            }
            """),
        ["returned inside an object"] = Infrastructure.Code.InClass("""
            async Task<Worker> Open()
            {
                var s = (await client.CreateAsync()).Session;
                return new Worker(s);
            }
            """),
        ["stored in a field"] = Async("""
            var s = (await client.CreateAsync()).Session;
            field = s;
            """),
        ["stored in a property"] = Async("""
            Current = (await client.CreateAsync()).Session;
            """),
        ["added to a list"] = Async("""
            var s = (await client.CreateAsync()).Session;
            sessions.Add(s);
            """),
        ["stored in a dictionary"] = Async("""
            var s = (await client.CreateAsync()).Session;
            byName[id] = s;
            """),
        ["stored in an array"] = Async("""
            var s = (await client.CreateAsync()).Session;
            var all = new[] { s };
            Log(all);
            """),
        ["passed to a method (ownership transfer)"] = Async("""
            var s = (await client.CreateAsync()).Session;
            Use(s);
            """),
        ["passed to a constructor (DI style)"] = Async("""
            var s = (await client.CreateAsync()).Session;
            var worker = new Worker(s);
            Log(worker);
            """),
        ["captured by a lambda"] = Async("""
            var s = (await client.CreateAsync()).Session;
            Func<Task> cleanup = () => s.DeleteAsync();
            await cleanup();
            """),
        ["captured by a local function"] = Async("""
            var s = (await client.CreateAsync()).Session;
            await CleanupAsync();
            async Task CleanupAsync() => await s.DeleteAsync();
            """),
        ["passed by ref"] = Sync("""
            Session? s = client.Create().Session;
            Take(ref s);
            """),
        ["out parameter"] = Infrastructure.Code.InClass("""
            void Open(out Session session) => session = client.Create().Session;
            """),
        ["yield return"] = Infrastructure.Code.InClass("""
            IEnumerable<Session> Open()
            {
                yield return client.Create().Session;
            }
            """),
        ["copied to another local"] = Async("""
            var s = (await client.CreateAsync()).Session;
            var other = s;
            await other.DeleteAsync();
            """),
        ["whole result handed back"] = Infrastructure.Code.InClass("""
            async Task<SessionResult> Open()
            {
                var result = await client.CreateAsync();
                return result;
            }
            """),
        ["session a caller owns (parameter)"] = Infrastructure.Code.InClass("""
            async Task Work(Session s) => await s.Tools.ShellAsync("ls");
            """),
        ["session attached by constructor, not handed over"] = Sync("""
            var s = new Session(client.Transport, id);
            s.Tools.Shell("ls");
            """),
        ["await using in a loop body"] = Async("""
            foreach (var name in new[] { "a", "b" })
            {
                await using var s = (await client.CreateAsync()).Session;
                if (name == "a") continue;
                await s.Tools.ShellAsync(name);
            }
            """),
        ["released in try body, logged catch"] = Async("""
            var s = (await client.CreateAsync()).Session;
            try
            {
                await s.Tools.ShellAsync("ls");
                await s.DeleteAsync();
            }
            catch (InvalidOperationException e)
            {
                Log(e);
            }
            """),
        ["await using inside a lambda"] = Async("""
            Func<Task> work = async () =>
            {
                await using var s = (await client.CreateAsync()).Session;
                await s.Tools.ShellAsync("ls");
            };
            await work();
            """),
        ["release inside a using block of something else"] = Async("""
            var s = (await client.CreateAsync()).Session;
            using (var cts = new CancellationTokenSource())
            {
                await s.Tools.ShellAsync("ls", cancellationToken: cts.Token);
            }
            await s.DeleteAsync();
            """),
        ["released through its tools object"] = Sync("""
            var s = client.Create().Session;
            s.Tools.Shell("ls");
            s.Tools.Session.Dispose();
            """),
        ["released on the only way out before an endless loop"] = Async("""
            var s = (await client.CreateAsync()).Session;
            if (flag)
            {
                await s.DeleteAsync();
                return;
            }
            while (true)
            {
                await Task.Delay(1000);
            }
            """),
        ["result only inspected (documented miss)"] = Async("""
            var exists = (await client.GetAsync(id)).Success;
            Log(exists);
            """),
    };
}
