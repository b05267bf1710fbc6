using System.Linq;
using AgentBay.Generators.Tests.Infrastructure;
using Xunit;

namespace AgentBay.Generators.Tests;

/// <summary><c>after</c>: a wait once an operation succeeded, about the session its reply names, and its diagnostics.</summary>
public sealed class AfterWaitTests
{
    private const string Path = "/specs/after.agentbay.yaml";

    // {AFTER} is the after section of create.
    private const string Spec = """
        agentbay: 1
        namespace: Waiting
        service: { endpoint: example.com, apiVersion: "1" }
        records:
          Binding:
            fields:
              StoreId: { type: string, wire: StoreId }
          Options:
            fields:
              Bindings: { type: "list<Binding>?", wire: Bindings, encode: json }
          Made:
            fields:
              RequestId: { type: string, from: requestId }
              Success: { type: bool, from: success }
              ErrorMessage: { type: "string?", from: errorMessage }
              Id: { type: "string?", wire: Data.Id }
        client:
          class: Client
          operations:
            make:
              action: Make
              params:
                options: { type: "Options?", flatten: true }
                tag: { type: "string?", wire: Tag }
              returns: Made
              {AFTER}
        """;

    private const string After = """
        after:
                when: Bindings
                sessionId: Data.Id
                poll:
                  action: GetTasks
                  status: Data.Tasks.*.status
                  until: [Done, Failed]
                  timeout: 30s
                  interval: 1s
        """;

    private static string Make(string after = After) => Spec.Replace("{AFTER}", after);

    private static string Client(Microsoft.CodeAnalysis.GeneratorDriverRunResult run) =>
        run.Results.Single().GeneratedSources.Single(s => s.HintName == "Waiting.Client.g.cs").SourceText.ToString();

    [Fact]
    public void After_waits_on_success_when_the_request_carried_the_parameter_and_the_output_compiles()
    {
        var (run, output) = GeneratorHarness.Run(Path, Make(), """
            public static class Use
            {
                public static async System.Threading.Tasks.Task<string?> Run(Waiting.Client client)
                    => (await client.MakeAsync(new Waiting.Options { Bindings = [new Waiting.Binding { StoreId = "s" }] })).Id ?? client.Make().Id;
            }
            """);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(GeneratorHarness.Problems(output));
        var client = Client(run);
        Assert.Contains("if (outcome.Success && request.TryGet(\"Bindings\", out _) && global::AgentBay.Runtime.WireReader.ReadString(global::AgentBay.Runtime.WireReader.Select(outcome.Body, \"Data.Id\")) is { Length: > 0 } waitedSessionId)", client);
        Assert.Contains("WaitAfterAsync(Transport, MakeAfterBehavior, waitedSessionId, async, cancellationToken)", client);
        Assert.Contains("Until = new string[] { \"Done\", \"Failed\" },", client);
    }

    [Fact]
    public void Without_when_the_wait_follows_every_success()
    {
        var (run, _) = GeneratorHarness.Run(Path, Make(After.Replace("        when: Bindings\n", "")));
        Assert.Empty(run.Diagnostics);
        Assert.Contains("if (outcome.Success && global::AgentBay.Runtime.WireReader.ReadString(", Client(run));
    }

    [Fact]
    public void A_when_naming_no_wire_parameter_is_AGB1014_at_the_key()
    {
        var spec = Make(After.Replace("when: Bindings", "when: Bindingz"));
        var (run, _) = GeneratorHarness.Run(Path, spec);
        var diagnostic = Assert.Single(run.Diagnostics, d => d.Id == "AGB1014");
        Assert.Contains("'Bindingz' at 'client.operations.make.after.when'", diagnostic.GetMessage());
        Assert.Contains("when: Bindingz", spec.Split('\n')[diagnostic.Location.GetLineSpan().StartLinePosition.Line]);
    }

    [Fact]
    public void A_when_may_name_an_own_parameters_wire_too()
    {
        var (run, _) = GeneratorHarness.Run(Path, Make(After.Replace("when: Bindings", "when: Tag")));
        Assert.Empty(run.Diagnostics);
    }

    [Fact]
    public void A_wait_poll_with_params_is_AGB1013()
    {
        var (run, _) = GeneratorHarness.Run(Path, Make(After.Replace("          interval: 1s", "          interval: 1s\n          params: { Tag: tag }")));
        var diagnostic = Assert.Single(run.Diagnostics, d => d.Id == "AGB1013");
        Assert.Contains("after.poll", diagnostic.GetMessage());
    }

    [Theory]
    [InlineData("        sessionId: Data.Id\n", "sessionId")]
    [InlineData("poll:", "poll")]
    public void A_wait_without_its_session_id_or_poll_is_AGB1004(string removed, string key)
    {
        var after = key == "poll"
            ? "after:\n        when: Bindings\n        sessionId: Data.Id"
            : After.Replace(removed, "");
        var (run, _) = GeneratorHarness.Run(Path, Make(after));
        var diagnostic = Assert.Single(run.Diagnostics, d => d.Id == "AGB1004");
        Assert.Contains("'" + key + "'", diagnostic.GetMessage());
    }
}
