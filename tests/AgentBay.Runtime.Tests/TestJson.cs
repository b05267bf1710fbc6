using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AgentBay.Runtime.Tests;

[JsonSerializable(typeof(Dictionary<string, string?>), TypeInfoPropertyName = "DictionaryStringString")]
internal sealed partial class TestJson : JsonSerializerContext
{
}
