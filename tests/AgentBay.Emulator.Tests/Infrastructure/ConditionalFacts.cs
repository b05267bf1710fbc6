using Xunit;

namespace AgentBay.Emulator.Tests.Infrastructure;

/// <summary>A fact that is skipped, with the reason shown, when python3 is not on PATH.</summary>
public sealed class PythonFactAttribute : FactAttribute
{
    public PythonFactAttribute()
    {
        if (!Host.OnPath("python3"))
        {
            Skip = "python3 is not installed on this machine";
        }
    }
}
