namespace OrleansSearch.Runtime.Membership;

/// <summary>A silo's lifecycle as recorded in the membership table. Only moves forward.</summary>
public enum SiloStatus
{
    None = 0,
    /// <summary>Inserted itself, checking it can reach the Active silos; owns no grains yet.</summary>
    Joining = 1,
    /// <summary>Owns grains (is in the view).</summary>
    Active = 2,
    /// <summary>Leaving gracefully: peers stop routing here; in-flight turns finish.</summary>
    ShuttingDown = 3,
    /// <summary>Gone or declared dead. A generation that is Dead never comes back.</summary>
    Dead = 4,
}
