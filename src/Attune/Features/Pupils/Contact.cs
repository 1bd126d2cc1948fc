using Attune.Platform.Data;

namespace Attune.Features.Pupils;

/// <summary>A parent, carer or other contact. One contact can be linked to several pupils (siblings).</summary>
public sealed class Contact : IVersioned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid SchoolId { get; set; }
    public string? Title { get; set; }
    public required string FirstName { get; set; }
    public required string LastName { get; set; }
    public string? Email { get; set; }
    public string? MobilePhone { get; set; }
    public string? HomePhone { get; set; }
    public string? WorkPhone { get; set; }
    public string? Address { get; set; }
    public string? PreferredLanguage { get; set; }
    public int Version { get; set; }

    public string DisplayName => string.IsNullOrWhiteSpace(Title) ? $"{FirstName} {LastName}" : $"{Title} {FirstName} {LastName}";
}

/// <summary>How a contact relates to one pupil, with what the school may and may not do.</summary>
public sealed class PupilContact
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid PupilId { get; set; }
    public Guid ContactId { get; set; }
    public Contact? Contact { get; set; }

    /// <summary>For example "Mother", "Father", "Grandparent", "Foster carer", "Social worker".</summary>
    public required string Relationship { get; set; }
    public bool ParentalResponsibility { get; set; }
    public bool LivesWith { get; set; }

    /// <summary>1 is called first.</summary>
    public int Priority { get; set; } = 1;

    /// <summary>A court order or agreed restriction: the school must not contact or share with this person.</summary>
    public bool NoContact { get; set; }
    public string? NoContactReason { get; set; }
}
