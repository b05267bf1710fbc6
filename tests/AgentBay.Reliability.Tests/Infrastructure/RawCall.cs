using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace AgentBay.Reliability.Tests.Infrastructure;

/// <summary>What came back on the wire, unparsed.</summary>
public sealed record RawReply(int Status, string Body, IReadOnlyDictionary<string, string> Headers);

/// <summary>Plain HTTP calls to an emulator, to see exactly what it sends (or that it sends nothing).</summary>
public static class RawCall
{
    public static async Task<RawReply> PostAsync(HttpClient http, string endpoint, string? apiKey, string action,
        IEnumerable<KeyValuePair<string, string>>? parameters = null, CancellationToken cancellationToken = default)
    {
        var form = new List<KeyValuePair<string, string>>(parameters ?? []);
        if (apiKey is not null)
        {
            form.Add(new("Authorization", "Bearer " + apiKey));
        }

        var url = $"{endpoint}/?Action={action}&Format=json&Version=2025-05-06&Timestamp=2026-01-29T09:00:00Z&SignatureNonce={Guid.NewGuid():N}";
        using var response = await http.PostAsync(url, new FormUrlEncodedContent(form), cancellationToken);
        var headers = response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        return new RawReply((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken), headers);
    }
}
