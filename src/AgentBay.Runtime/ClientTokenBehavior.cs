namespace AgentBay.Runtime;

/// <summary>
/// How a create call is made safe to retry although the service has no idempotency token: every call carries a fresh
/// client token as a label (default <c>agentbay.client-token=&lt;32 hex digits&gt;</c>, merged into the labels the caller
/// gave). When the call fails in a way that leaves its fate unknown (timeout, connection reset, 5xx, 429, a garbled
/// reply), the client lists resources carrying that label: one found is the result; none found means the service did
/// not create it, so the call is sent again with the same token. A retry therefore never creates a second resource.
/// </summary>
/// <remarks>
/// A caller that sets the label itself chooses the token (e.g. to resume after a crash); it is used as given. The
/// label stays on the created session, visible to GetLabels, until labels are replaced. After the last attempt the
/// client lists once more, so a create that ran after all is still returned rather than left behind. A listing that
/// fails or is refused is tried again, up to as many times as the create may be sent, without using up the create's
/// attempts; only when none answers does the create fail with its fate unknown, and it is then not sent again. What no
/// client can rule out without a service-side token: a request the service holds longer than the per-request timeout
/// and runs only after the listing (the emulator drops a request whose client has gone).
/// </remarks>
public sealed class ClientTokenBehavior
{
    /// <summary>The label key that carries the token, e.g. <c>agentbay.client-token</c>.</summary>
    public string Label { get; init; } = "agentbay.client-token";

    /// <summary>The JSON-encoded map parameter the label goes into, in the create and the list call (<c>Labels</c>).</summary>
    public string LabelsParameter { get; init; } = "Labels";

    /// <summary>
    /// The action that lists resources filtered by <see cref="LabelsParameter"/> (ListSession); its <c>Data</c> array
    /// items become the reply's <c>Data</c> when one is found.
    /// </summary>
    public string ListAction { get; init; } = "";
}
