using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using AgentBay.Generators.Emit;
using Xunit;

namespace AgentBay.Generators.Tests;

/// <summary>Models that flow through the pipeline hold no Roslyn objects (which would pin compilations and defeat caching).</summary>
public sealed class ModelShapeTests
{
    [Fact]
    public void No_roslyn_type_is_reachable_from_a_pipeline_model()
    {
        var seen = new HashSet<Type>();
        var pending = new Stack<Type>(new[] { typeof(SpecCompilation), typeof(GeneratedFile) }
            .Concat(typeof(EmitUnit).Assembly.GetTypes().Where(t => typeof(EmitUnit).IsAssignableFrom(t))));
        while (pending.Count > 0)
        {
            var type = pending.Pop();
            if (!seen.Add(type) || type.IsPrimitive || type == typeof(string))
            {
                continue;
            }

            Assert.False(type.Namespace?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) == true, $"{type} is reachable from a model");
            foreach (var argument in type.IsGenericType ? type.GetGenericArguments() : Type.EmptyTypes)
            {
                pending.Push(argument);
            }

            if (type.IsArray)
            {
                pending.Push(type.GetElementType()!);
            }

            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                pending.Push(field.FieldType);
            }
        }

        Assert.Contains(typeof(Model.ToolModel), seen);
        Assert.Contains(typeof(Diagnostics.SpecLocation), seen);
    }
}
