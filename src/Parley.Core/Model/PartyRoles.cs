namespace Parley.Core.Model;

/// <summary>
/// The scenario spelling of each <see cref="PartyRole"/> (<c>belligerent</c>, <c>armed-group</c>, …) and which roles
/// fight. One place, so that the reader, the writer and every display agree: <c>ToString().ToLowerInvariant()</c>
/// would spell <see cref="PartyRole.ArmedGroup"/> "armedgroup", which the reader would not take back.
/// </summary>
public static class PartyRoles
{
    private static readonly IReadOnlyDictionary<PartyRole, string> Names = new Dictionary<PartyRole, string>
    {
        [PartyRole.Belligerent] = "belligerent",
        [PartyRole.ArmedGroup] = "armed-group",
        [PartyRole.Backer] = "backer",
        [PartyRole.Mediator] = "mediator",
        [PartyRole.Guarantor] = "guarantor",
        [PartyRole.Observer] = "observer",
    };

    /// <summary>Every role as a scenario spells it, fighting roles first.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Names.Values];

    /// <summary>How a scenario writes the role.</summary>
    public static string Name(this PartyRole role) => Names[role];

    /// <summary>Reads a role as a scenario writes it (case-insensitive); null when it is none.</summary>
    public static PartyRole? Parse(string text)
    {
        foreach (var (role, name) in Names)
            if (string.Equals(name, text.Trim(), StringComparison.OrdinalIgnoreCase)) return role;
        return null;
    }

    /// <summary>
    /// True for the parties that fight: states at war (<see cref="PartyRole.Belligerent"/>) and non-state armed groups
    /// (<see cref="PartyRole.ArmedGroup"/>). Their consent is what a ceasefire or settlement needs, so by default every
    /// one of them must accept an agreement.
    /// </summary>
    public static bool IsBelligerent(this PartyRole role) => role is PartyRole.Belligerent or PartyRole.ArmedGroup;
}
