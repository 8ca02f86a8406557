namespace Parley.Stability.Analysis;

/// <summary>The classic graph-model solution concepts (Fang, Hipel &amp; Kilgour 1993).</summary>
public enum SolutionConcept
{
    /// <summary>Nash stability (R): the focal decision maker has no unilateral improvement.</summary>
    Nash,

    /// <summary>General metarationality: every improvement can be answered by opponents' moves leaving the focal DM no better off.</summary>
    Gmr,

    /// <summary>Symmetric metarationality: as GMR, and the focal DM cannot escape the sanction with a further move.</summary>
    Smr,

    /// <summary>Sequential stability: as GMR, but the opponents' sanctioning moves must be unilateral improvements for them.</summary>
    Seq,

    /// <summary>Simultaneous stability: opponents' unilateral improvements made at the same time as the focal move sanction it.</summary>
    Sim,

    /// <summary>Every improvement is sanctioned sequentially (SEQ) or simultaneously (SIM).</summary>
    SeqSim,
}

public static class SolutionConcepts
{
    public static IReadOnlyList<SolutionConcept> All { get; } = Enum.GetValues<SolutionConcept>();

    public static string Label(this SolutionConcept concept) => concept switch
    {
        SolutionConcept.Nash => "Nash",
        SolutionConcept.Gmr => "GMR",
        SolutionConcept.Smr => "SMR",
        SolutionConcept.Seq => "SEQ",
        SolutionConcept.Sim => "SIM",
        SolutionConcept.SeqSim => "SEQ+SIM",
        _ => concept.ToString(),
    };

    public static SolutionConcept Parse(string text) => text.Trim().ToUpperInvariant() switch
    {
        "NASH" or "R" => SolutionConcept.Nash,
        "GMR" => SolutionConcept.Gmr,
        "SMR" => SolutionConcept.Smr,
        "SEQ" => SolutionConcept.Seq,
        "SIM" => SolutionConcept.Sim,
        "SEQ+SIM" or "SEQSIM" or "SEQ&SIM" => SolutionConcept.SeqSim,
        _ => throw new ArgumentException($"unknown solution concept '{text}'; use Nash, GMR, SMR, SEQ, SIM or SEQ+SIM"),
    };
}
