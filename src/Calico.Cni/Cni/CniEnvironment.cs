using System.Collections;

namespace Calico.Cni.Cni;

/// <summary>The CNI_* variables of one invocation, validated for the command they serve.</summary>
internal sealed record CniEnvironment
{
    public required string Command { get; init; }

    public string ContainerId { get; init; } = string.Empty;

    public string? NetNs { get; init; }

    public string IfName { get; init; } = string.Empty;

    public IReadOnlyDictionary<string, string> Args { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> Path { get; init; } = [];

    /// <summary>The raw variables, passed on to delegated plugins.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    public static CniEnvironment From(IDictionary environment)
    {
        var vars = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in environment)
        {
            if (e.Key is string k && e.Value is string v)
            {
                vars[k] = v;
            }
        }

        string? Get(string name) => vars.TryGetValue(name, out var v) && v.Length > 0 ? v : null;
        var command = Get("CNI_COMMAND") ?? throw new CniException(CniCodes.InvalidEnvironment, "CNI_COMMAND is not set");
        if (command is not ("ADD" or "DEL" or "CHECK" or "STATUS" or "GC" or "VERSION"))
        {
            throw new CniException(CniCodes.InvalidEnvironment, $"CNI_COMMAND '{command}' is not one of ADD, DEL, CHECK, STATUS, GC, VERSION");
        }

        var env = new CniEnvironment
        {
            Command = command,
            ContainerId = Get("CNI_CONTAINERID") ?? string.Empty,
            NetNs = Get("CNI_NETNS"),
            IfName = Get("CNI_IFNAME") ?? string.Empty,
            Args = CniArgs.Parse(Get("CNI_ARGS")),
            Path = (Get("CNI_PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries),
            Variables = vars,
        };
        env.Validate();
        return env;
    }

    private void Validate()
    {
        if (Command is "ADD" or "DEL" or "CHECK")
        {
            Require(ContainerId.Length > 0, "CNI_CONTAINERID is not set");
            Require(
                char.IsAsciiLetterOrDigit(ContainerId[0]) && ContainerId.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'),
                $"CNI_CONTAINERID '{ContainerId}' must start with a letter or digit and hold only letters, digits, '_', '.' and '-'");
            Require(IfName.Length > 0, "CNI_IFNAME is not set");
            Require(
                IfName.Length <= 15 && IfName is not ("." or "..") && !IfName.Any(c => c is '/' or ':' || char.IsWhiteSpace(c)),
                $"CNI_IFNAME '{IfName}' is not a valid interface name (1-15 characters, no '/', ':' or spaces)");
            Require(Command == "DEL" || NetNs is not null, "CNI_NETNS is not set");
        }

        if (Command != "VERSION")
        {
            Require(Path.Count > 0, "CNI_PATH is not set");
        }
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new CniException(CniCodes.InvalidEnvironment, message);
        }
    }
}
