using System.Linq;
using AgentBay.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace AgentBay.Generators.Tests;

/// <summary>Groups (<c>client.Contexts</c>, <c>session.Context</c>), paged listings and polls with parameters.</summary>
public sealed class GroupAndPagingTests
{
    private const string Path = "/specs/groups.agentbay.yaml";

    // A minimal spec with one client group (with a paged listing and a poll that asks about an argument) and one session
    // group; {CLIENT_GROUP_EXTRA} and {POLL} let single tests break one thing.
    private const string Spec = """
        agentbay: 1
        namespace: Groups
        service: { endpoint: example.com, apiVersion: "1" }
        records:
          Item:
            fields:
              Id: { type: string, wire: Id }
          Page:
            fields:
              RequestId: { type: string, from: requestId }
              Success: { type: bool, from: success }
              ErrorMessage: { type: "string?", from: errorMessage }
              Items: { type: "list<Item>", wire: Data }
              NextToken: { type: "string?", wire: NextToken }
          Done:
            fields:
              RequestId: { type: string, from: requestId }
              Success: { type: bool, from: success }
              ErrorMessage: { type: "string?", from: errorMessage }
        client:
          class: Client
          groups:
            stores:
              class: StoreService
              doc: The stores.
              operations:
                list:
                  action: ListStores
                  params:
                    nextToken: { type: "string?", wire: NextToken }
                  returns: Page
                  pages: { items: Items, next: NextToken, token: nextToken }
                clear:
                  action: ClearStore
                  params:
                    storeId: { type: string, wire: Id }
                  returns: Done
                  poll:
                    action: GetStore
                    {POLL}
                    status: Data.State
                    until: [available]
        {CLIENT_GROUP_EXTRA}
        session:
          class: Sess
          groups:
            sync:
              class: SyncManager
              property: Syncs
              operations:
                run:
                  action: Sync
                  returns: Done
                  poll:
                    action: GetTasks
                    status: Data.Tasks.*.status
                    until: [Success]
                    failed: [Failed]
                    reasons: Data.Tasks.*.errorMessage
        """;

    private static string Make(string poll = "sessionId: none\n            params: { StoreId: storeId }", string extra = "") =>
        Spec.Replace("{POLL}", poll).Replace("{CLIENT_GROUP_EXTRA}", extra);

    [Fact]
    public void Groups_become_classes_reached_through_properties_and_the_output_compiles()
    {
        var (run, output) = GeneratorHarness.Run(Path, Make(), """
            using System.Collections.Generic;
            using System.Threading.Tasks;
            public static class Use
            {
                public static async Task<int> Count(Groups.Client client, Groups.Sess session)
                {
                    var n = 0;
                    await foreach (Groups.Item item in client.Stores.ListAllAsync()) { n++; }
                    foreach (Groups.Item item in client.Stores.ListAll()) { n++; }
                    Groups.Done done = await client.Stores.ClearAsync("s1", timeout: System.TimeSpan.FromSeconds(1));
                    Groups.Done synced = session.Syncs.Run();
                    return n;
                }
            }
            """);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(GeneratorHarness.Problems(output));
        var names = run.Results.Single().GeneratedSources.Select(s => s.HintName).ToList();
        Assert.Contains("Groups.StoreService.g.cs", names);
        Assert.Contains("Groups.SyncManager.g.cs", names);
        var store = run.Results.Single().GeneratedSources.Single(s => s.HintName == "Groups.StoreService.g.cs").SourceText.ToString();
        // The poll asks about the store the call was for, and sends no session id.
        Assert.Contains("new string?[] { storeId }", store);
        Assert.Contains("SessionIdParameter = null,", store);
        Assert.Contains("Parameters = new string[] { \"StoreId\" },", store);
        var sync = run.Results.Single().GeneratedSources.Single(s => s.HintName == "Groups.SyncManager.g.cs").SourceText.ToString();
        Assert.Contains("Failed = new string[] { \"Failed\" },", sync);
        Assert.Contains("ReasonsPath = \"Data.Tasks.*.errorMessage\",", sync);
    }

    [Fact]
    public void A_group_class_that_takes_a_record_name_is_AGB1008()
    {
        var (run, _) = GeneratorHarness.Run(Path, Make().Replace("class: StoreService", "class: Item"));
        var diagnostic = Assert.Single(run.Diagnostics, d => d.Id == "AGB1008");
        Assert.Contains("Item", diagnostic.GetMessage());
        Assert.Equal(Path, diagnostic.Location.GetLineSpan().Path);
    }

    [Fact]
    public void A_group_property_that_takes_an_operation_name_is_AGB1008()
    {
        var spec = Make().Replace("""
              groups:
                sync:
            """, """
              operations:
                syncs:
                  action: Other
                  returns: Done
              groups:
                sync:
            """);
        var (run, _) = GeneratorHarness.Run(Path, spec);
        var diagnostic = Assert.Single(run.Diagnostics, d => d.Id == "AGB1008");
        Assert.Contains("Syncs", diagnostic.GetMessage());
    }

    [Fact]
    public void Pages_naming_a_field_that_is_not_a_list_is_AGB1014_at_the_key()
    {
        var spec = Make().Replace("pages: { items: Items,", "pages: { items: NextToken,");
        var (run, _) = GeneratorHarness.Run(Path, spec);
        var diagnostic = Assert.Single(run.Diagnostics, d => d.Id == "AGB1014");
        Assert.Contains("pages.items", diagnostic.GetMessage());
        var line = diagnostic.Location.GetLineSpan().StartLinePosition.Line;
        Assert.Contains("pages:", spec.Split('\n')[line]);
    }

    [Fact]
    public void Pages_naming_a_missing_token_parameter_is_AGB1014()
    {
        var (run, _) = GeneratorHarness.Run(Path, Make().Replace("token: nextToken", "token: cursor"));
        var diagnostic = Assert.Single(run.Diagnostics, d => d.Id == "AGB1014");
        Assert.Contains("cursor", diagnostic.GetMessage());
    }

    [Fact]
    public void A_poll_parameter_naming_no_parameter_is_AGB1014()
    {
        var (run, _) = GeneratorHarness.Run(Path, Make(poll: "sessionId: none\n            params: { StoreId: shopId }"));
        var diagnostic = Assert.Single(run.Diagnostics, d => d.Id == "AGB1014");
        Assert.Contains("shopId", diagnostic.GetMessage());
    }

    [Fact]
    public void A_poll_without_session_id_or_parameters_is_AGB1013()
    {
        var (run, _) = GeneratorHarness.Run(Path, Make(poll: "sessionId: none"));
        var diagnostic = Assert.Single(run.Diagnostics, d => d.Id == "AGB1013");
        Assert.Contains("poll.sessionId", diagnostic.GetMessage());
    }

    [Fact]
    public void A_forwarding_operation_in_a_group_is_AGB1013()
    {
        var spec = Make().Replace("        list:\n", "        gone:\n          forward: run\n        list:\n");
        var (run, _) = GeneratorHarness.Run(Path, spec);
        var diagnostic = Assert.Single(run.Diagnostics, d => d.Id == "AGB1013");
        Assert.Contains("forward", diagnostic.GetMessage());
    }

    [Fact]
    public void Editing_a_group_operation_changes_only_the_group_file()
    {
        var first = new InMemoryAdditionalText(Path, Make());
        var second = new InMemoryAdditionalText(Path, Make().Replace("action: ClearStore", "action: ClearStore2"));
        var compilation = GeneratorHarness.CreateCompilation();
        var driver = GeneratorHarness.CreateDriver(first).RunGenerators(compilation);
        var before = driver.GetRunResult().Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        driver = driver.ReplaceAdditionalText(first, second).RunGenerators(compilation);
        var after = driver.GetRunResult().Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        Assert.Equal(before.Keys.OrderBy(k => k), after.Keys.OrderBy(k => k));
        Assert.Equal(new[] { "Groups.StoreService.g.cs" }, before.Keys.Where(k => before[k] != after[k]));
    }

    private static string WithWaitedStep(string poll) => Make().Replace("  class: Sess\n", """
          class: Sess
          operations:
            drop:
              action: Drop
              params:
                flush: { type: bool, default: false, wire: none }
              before:
                - action: Flush
                  when: flush
                  errors: ignore
                  poll: { action: GetTasks, status: Data.Tasks.*.status, until: [Success], failed: [Failed]{POLL_EXTRA} }
              returns: Dropped
        """.Replace("{POLL_EXTRA}", poll) + "\n").Replace("  Done:\n", """
          Dropped:
            fields:
              RequestId: { type: string, from: requestId }
              Success: { type: bool, from: success }
              FlushError: { type: "string?", from: stepError }
          Done:

        """);

    [Fact]
    public void A_before_step_with_a_poll_is_waited_for_and_its_failure_is_reported_through_stepError()
    {
        var (run, output) = GeneratorHarness.Run(Path, WithWaitedStep(""));
        Assert.Empty(run.Diagnostics);
        Assert.Empty(GeneratorHarness.Problems(output));
        var sess = run.Results.Single().GeneratedSources.Single(s => s.HintName == "Groups.Sess.g.cs").SourceText.ToString();
        Assert.Contains("DropStep0Behavior", sess);
        Assert.Contains("outcome.StepError = stepError;", sess);
        var dropped = run.Results.Single().GeneratedSources.Single(s => s.HintName == "Groups.Dropped.g.cs").SourceText.ToString();
        Assert.Contains("FlushError = outcome.StepError", dropped);
    }

    [Fact]
    public void A_before_step_poll_with_params_is_AGB1013()
    {
        var (run, _) = GeneratorHarness.Run(Path, WithWaitedStep(", params: { X: flush }"));
        var diagnostic = Assert.Single(run.Diagnostics, d => d.Id == "AGB1013");
        Assert.Contains("before[0].poll", diagnostic.GetMessage());
    }
}
