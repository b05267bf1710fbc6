using AgentBay;

namespace AgentBay.ValidUsage;

/// <summary>Sessions released where they are created: using, await using, finally, explicit delete.</summary>
public sealed class ScopedSessions(AgentBayClient client)
{
    public async Task<string> AwaitUsingAsync()
    {
        await using var session = (await client.CreateAsync(new CreateSessionParams { ImageId = "linux_latest" })).Session;
        var result = await session.Tools.ShellAsync("echo hi", timeoutMs: 5000);
        return result.Stdout ?? "";
    }

    public string UsingSync()
    {
        using var session = client.Create().Session;
        return session.Tools.Shell("uname -a").Stdout ?? "";
    }

    public async Task AwaitUsingStatementWithConfigureAwaitAsync()
    {
        var session = (await client.CreateAsync().ConfigureAwait(false)).Session;
        await using (session.ConfigureAwait(false))
        {
            await session.PauseAsync().ConfigureAwait(false);
            await session.ResumeAsync().ConfigureAwait(false);
        }
    }

    public async Task ConfiguredUsingDeclarationAsync()
    {
        var session = (await client.CreateAsync().ConfigureAwait(false)).Session;
        await using var owned = session.ConfigureAwait(false);
        await session.Tools.CreateDirectoryAsync("/tmp/work").ConfigureAwait(false);
    }

    public async Task DeleteInFinallyAsync(bool stopEarly)
    {
        var session = (await client.CreateAsync()).Session;
        try
        {
            if (stopEarly)
            {
                return;
            }

            await session.Tools.WriteFileAsync("/tmp/a.txt", "hello");
        }
        finally
        {
            await session.DeleteAsync(syncContext: true);
        }
    }

    public void ClientDeleteInFinally()
    {
        var session = client.Create().Session;
        try
        {
            session.Tools.Shell("ls");
        }
        finally
        {
            client.Delete(session);
        }
    }

    public async Task AssignedInTryAsync()
    {
        Session? session = null;
        try
        {
            var result = await client.CreateAsync();
            if (!result.Success)
            {
                return;
            }

            session = result.Session;
            await session.Tools.ShellAsync("ls");
        }
        finally
        {
            if (session is not null)
            {
                await session.DisposeAsync();
            }
        }
    }

    public async Task ReleasedOnEveryBranchAsync(bool keepLogs)
    {
        var session = (await client.GetAsync("s-123")).Session;
        if (keepLogs)
        {
            await session.DeleteAsync(syncContext: true);
            return;
        }

        await session.Tools.ShellAsync("rm -rf /tmp/logs");
        session.Dispose();
    }

    public async Task ReleasedInEverySwitchSectionAsync(string mode)
    {
        var session = (await client.CreateAsync()).Session;
        switch (mode)
        {
            case "sync":
                session.Delete();
                break;
            default:
                await session.DeleteAsync();
                break;
        }
    }

    public async Task OnePerIterationAsync(IEnumerable<string> commands)
    {
        foreach (var command in commands)
        {
            await using var session = (await client.CreateAsync()).Session;
            if (command.Length == 0)
            {
                continue;
            }

            await session.Tools.ShellAsync(command);
        }
    }

    public async Task InlineDeleteAsync() => await (await client.CreateAsync()).Session.DeleteAsync();
}
