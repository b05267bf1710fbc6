using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace AgentBay.Runtime;

/// <summary>
/// Sends a create that must never run twice (see <see cref="ClientTokenBehavior"/>): tag it with a client token label;
/// after an ambiguous failure, list by that label before deciding to send it again. The create is sent at most
/// <see cref="AgentBayRetryOptions.MaxAttempts"/> times; each ambiguous failure is resolved by up to as many listings of
/// its own, so a failed listing never uses up the create's attempts and leaves a session it made unknown.
/// </summary>
internal static class CreateReconciliation
{
    /// <summary>Adds the client token label to <paramref name="request"/> and sends it, reconciling ambiguous failures.</summary>
    internal static ValueTask<AgentBayResponse> SendAsync(AgentBayTransport transport, AgentBayRequest request, ClientTokenBehavior behavior,
        bool async, CancellationToken cancellationToken)
    {
        string? token = ApplyToken(request, behavior);
        if (token is null || transport.Retry is null)
        {
            // Retries off: one attempt, but the label is still there for a caller who wants to look the session up.
            return transport.SendAsync(request, async, cancellationToken);
        }
        var attempts = new Attempts(transport.Retry, transport, request, behavior, token);
        return AgentBayTelemetry.ObservesRequests
            ? SendObservedAsync(transport, request, attempts, async, cancellationToken)
            : SendReconciledAsync(transport.Retry, attempts, telemetry: null, async, cancellationToken);
    }

    /// <summary>
    /// The reconciled create as one request for telemetry: one activity and duration over its attempts (each sent once,
    /// not observed on its own), its retries counted; the listings are requests of their own, inside its activity.
    /// </summary>
    private static async ValueTask<AgentBayResponse> SendObservedAsync(AgentBayTransport transport, AgentBayRequest request, Attempts attempts,
        bool async, CancellationToken cancellationToken)
    {
        RequestTelemetry? telemetry = RequestTelemetry.Start(transport, request);
        AgentBayResponse response;
        try
        {
            response = await SendReconciledAsync(transport.Retry!, attempts, telemetry, async, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            telemetry?.Stop(exception);
            throw;
        }
        telemetry?.Stop(response);
        return response;
    }

    // With async false every awaited task below is already complete, so this method completes synchronously too.
    private static async ValueTask<AgentBayResponse> SendReconciledAsync(RetryPipelines retry, Attempts attempts, RequestTelemetry? telemetry,
        bool async, CancellationToken cancellationToken)
    {
        try
        {
            return await retry.ExecuteAsync(attempts.Action, idempotent: true, attempts,
                static (a, async, token) => a.NextAsync(async, token), async, cancellationToken, telemetry).ConfigureAwait(false);
        }
        catch (AgentBayException exception) when (attempts.IsLastCreateFailure(exception))
        {
            // Out of attempts, and the last create may still have run: resolve it like any other, so a session it made
            // is not left behind unknown. Nothing found means it did not run; the failure stands.
            AgentBayResponse? found = await attempts.ResolveAsync(exception, async, cancellationToken).ConfigureAwait(false);
            if (found is not null)
            {
                return found;
            }
            throw;
        }
    }

    /// <summary>
    /// Merges the label into the labels parameter (a JSON object) and returns the token, or null when the parameter is
    /// not an object: nothing can be tagged, so nothing can be reconciled.
    /// </summary>
    private static string? ApplyToken(AgentBayRequest request, ClientTokenBehavior behavior)
    {
        string json = request.TryGet(behavior.LabelsParameter, out string existing) ? existing : "{}";
        JsonElement labels;
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            labels = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
        if (labels.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        if (labels.TryGetProperty(behavior.Label, out JsonElement chosen) && chosen.ValueKind == JsonValueKind.String
            && chosen.GetString() is { Length: > 0 } callerToken)
        {
            // The caller picked the token (e.g. to find the session again after a crash): keep it.
            return callerToken;
        }

        string token = Guid.NewGuid().ToString("N");
        request.AddJson(behavior.LabelsParameter, writer =>
        {
            writer.WriteStartObject();
            foreach (JsonProperty label in labels.EnumerateObject())
            {
                if (label.Name != behavior.Label)
                {
                    label.WriteTo(writer);
                }
            }
            writer.WriteString(behavior.Label, token);
            writer.WriteEndObject();
        });
        return token;
    }

    /// <summary>The state of one create across its attempts.</summary>
    private sealed class Attempts(RetryPipelines retry, AgentBayTransport transport, AgentBayRequest request, ClientTokenBehavior behavior, string token)
    {
        // The failure that left the previous attempt's fate unknown; null before the first attempt.
        private AgentBayException? _ambiguous;

        // The ambiguous failure of the create last sent (not of a listing), which a final listing may still resolve.
        private AgentBayException? _lastCreateFailure;

        public string Action => request.Action;

        public bool IsLastCreateFailure(AgentBayException exception) => ReferenceEquals(exception, _lastCreateFailure);

        public async ValueTask<AgentBayResponse> NextAsync(bool async, CancellationToken cancellationToken)
        {
            // A listing that fails in this round is not a create failure: only a create sent below sets it again.
            _lastCreateFailure = null;
            if (_ambiguous is not null)
            {
                // Throws, ending the create, when no listing answered: sending it again could make a second session.
                if (await ResolveAsync(_ambiguous, async, cancellationToken).ConfigureAwait(false) is { } found)
                {
                    return found;
                }
                _ambiguous = null; // the listing shows the earlier attempt did not run
            }
            try
            {
                // Sent once per round: this loop is the create's only retry loop.
                return await transport.SendOnceAsync(request, async, cancellationToken).ConfigureAwait(false);
            }
            // Only a failure after the request may have reached the service is ambiguous; one whose connection never
            // opened is retried as it is, without a listing.
            catch (AgentBayException exception) when (TransientFailure.IsTransient(exception) && !TransientFailure.NeverSent(exception))
            {
                _ambiguous = exception;
                _lastCreateFailure = exception;
                throw;
            }
        }

        /// <summary>
        /// Whether the create that failed with <paramref name="ambiguous"/> ran: the reply standing for the created
        /// resource, or null when nothing carries the token. A listing that fails or is refused is tried again, up to
        /// the attempts a create gets (each listing retries its own transient failures too): the listing is harmless,
        /// and giving up leaves the resource unknown. When none answers, throws an
        /// <see cref="UnresolvedCreateException"/> that is not retried, so the create is not sent again.
        /// </summary>
        public async ValueTask<AgentBayResponse?> ResolveAsync(AgentBayException ambiguous, bool async, CancellationToken cancellationToken)
        {
            try
            {
                return await retry.ExecuteAsync(behavior.ListAction, idempotent: true, (Attempts: this, Ambiguous: ambiguous),
                    static (state, async, token) => state.Attempts.FindAsync(state.Ambiguous, async, token), async, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (UnresolvedCreateException unresolved)
            {
                unresolved.GaveUp = true;
                throw;
            }
        }

        /// <summary>One listing by the token: the reply standing for the created resource, or null when none carries it.</summary>
        private async ValueTask<AgentBayResponse?> FindAsync(AgentBayException ambiguous, bool async, CancellationToken cancellationToken)
        {
            TransportLog.Reconciling(transport.Logger, request.Action, ambiguous.Message, behavior.Label, token, null);
            var list = new AgentBayRequest(behavior.ListAction) { Idempotent = true };
            list.AddJson(behavior.LabelsParameter, writer =>
            {
                writer.WriteStartObject();
                writer.WriteString(behavior.Label, token);
                writer.WriteEndObject();
            });

            AgentBayResponse reply;
            try
            {
                reply = await transport.SendAsync(list, async, cancellationToken).ConfigureAwait(false);
            }
            catch (AgentBayException exception)
            {
                throw Unresolved(ambiguous, exception);
            }
            JsonElement items = WireReader.Select(reply.Body, "Data");
            if (!reply.Success || items.ValueKind != JsonValueKind.Array)
            {
                string problem = reply.Success ? "its reply has no Data array" : transport.Redact(reply.ErrorText);
                throw Unresolved(ambiguous, new ApiException(problem, reply.RequestId, reply.Code, reply.HttpStatusCode));
            }

            int count = items.GetArrayLength();
            if (count == 0)
            {
                TransportLog.NotCreated(transport.Logger, request.Action, token, null);
                return null;
            }
            if (count > 1)
            {
                TransportLog.Duplicates(transport.Logger, request.Action, count, token, null);
            }

            // The listing is the service's own word that the create ran; its item (e.g. {SessionId, SessionStatus})
            // stands in for the lost reply's Data.
            JsonElement item = items[0];
            string body = WireJson.Serialize(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("RequestId", reply.RequestId);
                writer.WriteBoolean("Success", true);
                writer.WriteString("Code", "ok");
                writer.WriteString("Message", "");
                writer.WriteNumber("HttpStatusCode", 200);
                writer.WritePropertyName("Data");
                item.WriteTo(writer);
                writer.WriteEndObject();
            });
            using JsonDocument document = JsonDocument.Parse(body);
            TransportLog.Reconciled(transport.Logger, request.Action, item.GetRawText(), token, null);
            return new AgentBayResponse(200, document.RootElement);
        }

        /// <summary>
        /// The create may have run and the listing that would tell failed too: say both, and carry the listing's facts
        /// so the retry policy judges whether another round is worth it.
        /// </summary>
        private AgentBayException Unresolved(AgentBayException ambiguous, AgentBayException listing)
            => new UnresolvedCreateException(
                $"{ambiguous.Message}; whether it ran is unknown: {behavior.ListAction} by label {behavior.Label}={token} failed: {listing.Message}",
                listing)
            {
                RetryAfter = listing.RetryAfter,
            };
    }
}

/// <summary>
/// A create whose fate is unknown because the listing that would tell failed too. The listing is worth another try even
/// when it was refused outright: giving up risks a resource nobody knows about, and the attempts are bounded. Once they
/// are used up (<see cref="GaveUp"/>) it is final: the create is not sent again.
/// </summary>
internal sealed class UnresolvedCreateException(string message, AgentBayException listing)
    : AgentBayException(message, listing.RequestId, listing.Code, listing.HttpStatusCode, listing)
{
    /// <summary>True once every listing attempt failed: not transient any more, so no retry sends the create again.</summary>
    internal bool GaveUp { get; set; }
}
