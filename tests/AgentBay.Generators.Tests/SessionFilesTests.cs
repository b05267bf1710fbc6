using System.Linq;
using AgentBay.Generators.Tests.Infrastructure;
using Xunit;

namespace AgentBay.Generators.Tests;

/// <summary><c>session.files</c>: the Files property over the runtime's SessionFiles, and its located diagnostics.</summary>
public sealed class SessionFilesTests
{
    private const string Path = "/specs/files.agentbay.yaml";

    // {FILES} is the session.files section; {TOOL} the arguments of the watch tool.
    private const string Spec = """
        agentbay: 1
        namespace: Filing
        service: { endpoint: example.com, apiVersion: "1" }
        records:
          ToolResult:
            fields:
              RequestId: { type: string, from: requestId }
              Success: { type: bool, from: success }
              Data: { type: "string?", from: text }
              ErrorMessage: { type: "string?", from: errorMessage }
        session:
          class: Box
          toolCall: { action: CallMcpTool, name: Name, args: Args, server: Server, result: ToolResult }
          {FILES}
          operations:
            delete:
              action: Drop
              returns: ToolResult
        tools:
          changes:
            server: fs
            method: Changes
            args:
              {TOOL}
            result: text
        """;

    private const string Files = """
        files:
            property: Transfers
            doc: Moves files.
            internalContext: { action: GetInternal, type: transfer }
            uploadUrl: UpUrl
            downloadUrl: DownUrl
            sync: Copy
            info: Tasks
            watch: changes
        """;

    private static string Make(string files = Files, string tool = "path: { type: string }") =>
        Spec.Replace("{FILES}", files).Replace("{TOOL}", tool);

    [Fact]
    public void Files_becomes_a_property_over_the_runtime_with_the_specs_actions_and_the_output_compiles()
    {
        var (run, output) = GeneratorHarness.Run(Path, Make(), """
            using System.IO;
            using System.Threading.Tasks;
            public static class Use
            {
                public static async Task<long> Move(Filing.Box box)
                {
                    AgentBay.Runtime.FileUploadResult up = await box.Transfers.UploadAsync(new MemoryStream(), "/tmp/a");
                    AgentBay.Runtime.FileDownloadResult down = box.Transfers.Download("/tmp/a", new MemoryStream());
                    await foreach (AgentBay.Runtime.FileChange change in box.Transfers.WatchAsync("/tmp")) { break; }
                    return up.BytesSent + down.BytesReceived;
                }
            }
            """);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(GeneratorHarness.Problems(output));
        var session = run.Results.Single().GeneratedSources.Single(s => s.HintName == "Filing.Box.g.cs").SourceText.ToString();
        Assert.Contains("/// <summary>Moves files.</summary>", session);
        Assert.Contains("public global::AgentBay.Runtime.SessionFiles Transfers => _files ??=", session);
        foreach (var literal in new[] { "\"GetInternal\"", "\"transfer\"", "\"UpUrl\"", "\"DownUrl\"", "\"Copy\"", "\"Tasks\"" })
        {
            Assert.Contains(literal, session);
        }

        // The watch calls the spec's tool with the path under the tool's own argument name.
        Assert.Contains("CallToolCoreAsync(\"changes\", ServerOf(\"changes\"), path,", session);
        Assert.Contains("writer.WriteString(\"path\", path);", session);
    }

    [Fact]
    public void Without_watch_the_property_is_still_there_and_no_tool_method_is_emitted()
    {
        var (run, output) = GeneratorHarness.Run(Path, Make(Files.Replace("\n    watch: changes", "")));
        Assert.Empty(run.Diagnostics);
        Assert.Empty(GeneratorHarness.Problems(output));
        var session = run.Results.Single().GeneratedSources.Single(s => s.HintName == "Filing.Box.g.cs").SourceText.ToString();
        Assert.Contains("new global::AgentBay.Runtime.SessionFiles(Transport, SessionId, FilesPlan, null)", session);
        Assert.DoesNotContain("CallFileChangeToolAsync", session);
    }

    [Fact]
    public void No_files_section_means_no_files_property()
    {
        var (run, _) = GeneratorHarness.Run(Path, Make(files: ""));
        Assert.Empty(run.Diagnostics);
        var session = run.Results.Single().GeneratedSources.Single(s => s.HintName == "Filing.Box.g.cs").SourceText.ToString();
        Assert.DoesNotContain("SessionFiles", session);
    }

    [Fact]
    public void A_watch_tool_of_another_spec_file_is_called_with_the_argument_path()
    {
        // Tools-only spec files add to the session's tools, so the watch tool may live in one of them.
        var (run, output) = GeneratorHarness.Run(Path, Make(Files.Replace("watch: changes", "watch: file_changes")));
        Assert.Empty(run.Diagnostics);
        Assert.Empty(GeneratorHarness.Problems(output));
        var session = run.Results.Single().GeneratedSources.Single(s => s.HintName == "Filing.Box.g.cs").SourceText.ToString();
        Assert.Contains("CallToolCoreAsync(\"file_changes\", ServerOf(\"file_changes\"), path,", session);
        Assert.Contains("writer.WriteString(\"path\", path);", session);
    }

    [Theory]
    [InlineData("path: { type: int }")]
    [InlineData("path: { type: \"string?\" }")]
    [InlineData("path: { type: string }\n      depth: { type: int }")]
    public void A_watch_tool_that_does_not_take_one_string_path_is_AGB1014_at_the_key(string arguments)
    {
        var spec = Make(tool: arguments);
        var (run, _) = GeneratorHarness.Run(Path, spec);
        var diagnostic = Assert.Single(run.Diagnostics, d => d.Id == "AGB1014");
        Assert.Contains("'changes' at 'session.files.watch'", diagnostic.GetMessage());
        Assert.Contains("one argument is a string", diagnostic.GetMessage());
        Assert.Equal(Path, diagnostic.Location.GetLineSpan().Path);
        Assert.Contains("watch: changes", spec.Split('\n')[diagnostic.Location.GetLineSpan().StartLinePosition.Line]);
    }

    [Theory]
    [InlineData("    uploadUrl: UpUrl\n", "uploadUrl")]
    [InlineData("    internalContext: { action: GetInternal, type: transfer }\n", "internalContext")]
    [InlineData("internalContext: { action: GetInternal, type: transfer }", "type")]
    public void A_missing_files_key_is_AGB1004_naming_it(string removed, string key)
    {
        var files = key == "type" ? Files.Replace(removed, "internalContext: { action: GetInternal }") : Files.Replace(removed, "");
        var (run, _) = GeneratorHarness.Run(Path, Make(files));
        var diagnostic = Assert.Single(run.Diagnostics, d => d.Id == "AGB1004");
        Assert.Contains("'" + key + "'", diagnostic.GetMessage());
    }

    [Theory]
    [InlineData("Tools")]
    [InlineData("Delete")]
    [InlineData("SessionId")]
    public void A_files_property_that_takes_a_member_name_is_AGB1013(string property)
    {
        var (run, _) = GeneratorHarness.Run(Path, Make(Files.Replace("property: Transfers", "property: " + property)));
        var diagnostic = Assert.Single(run.Diagnostics, d => d.Id == "AGB1013");
        Assert.Contains("already has a member", diagnostic.GetMessage());
    }

    [Fact]
    public void An_unknown_files_key_is_AGB1003()
    {
        var (run, _) = GeneratorHarness.Run(Path, Make(Files.Replace("sync: Copy", "sync: Copy\n    poll: Tasks")));
        var diagnostic = Assert.Single(run.Diagnostics, d => d.Id == "AGB1003");
        Assert.Contains("'poll' at 'session.files'", diagnostic.GetMessage());
    }
}
