using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Xunit;

namespace AgentBay.AI.Tests;

/// <summary>The functions under FunctionInvokingChatClient: the loop runs the calls a model asks for and hands back the results.</summary>
public sealed class ChatLoopTests(SessionFixture fixture) : IClassFixture<SessionFixture>
{
    [Fact]
    public async Task A_chat_loop_runs_the_tool_calls_and_feeds_the_results_back()
    {
        var model = new ScriptedChatClient(
            new FunctionCallContent("call-1", "shell", new Dictionary<string, object?> { ["command"] = "echo from the loop" }),
            new FunctionCallContent("call-2", "shell", new Dictionary<string, object?> { ["command"] = "echo x", ["timeout_ms"] = 0 }));
        using var chat = new FunctionInvokingChatClient(model);
        var options = new ChatOptions { Tools = [.. fixture.Session.Tools.AsAIFunctions("shell")] };

        var response = await chat.GetResponseAsync([new ChatMessage(ChatRole.User, "run it")], options);

        var results = response.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().ToList();
        Assert.Equal(2, results.Count);
        Assert.Contains("from the loop", results[0].Result?.ToString(), StringComparison.Ordinal);
        Assert.Contains("must be in the range [1, 50000]", results[1].Result?.ToString(), StringComparison.Ordinal);
        Assert.Null(results[0].Exception);
        Assert.Null(results[1].Exception);
        Assert.Equal("done", response.Text);
    }

    /// <summary>A model that asks for one call per turn, then answers "done".</summary>
    private sealed class ScriptedChatClient(params FunctionCallContent[] calls) : IChatClient
    {
        private int _turn;

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var turn = _turn++;
            var message = turn < calls.Length ? new ChatMessage(ChatRole.Assistant, [calls[turn]]) : new ChatMessage(ChatRole.Assistant, "done");
            return Task.FromResult(new ChatResponse(message));
        }

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var update in (await GetResponseAsync(messages, options, cancellationToken)).ToChatResponseUpdates())
            {
                yield return update;
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
