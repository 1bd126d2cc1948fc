using Attune.Features.Schools;
using Attune.Platform.Data;

namespace Attune.Features.Pupils;

public enum SenStatus
{
    None,
    /// <summary>SEN support (census code K).</summary>
    SenSupport,
    /// <summary>Education, health and care plan (census code E).</summary>
    Ehcp,
}

public enum Gender
{
    NotRecorded,
    Female,
    Male,
    Other,
}

public sealed class Pupil : IVersioned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid SchoolId { get; set; }
    public School? School { get; set; }

    /// <summary>Unique Pupil Number: 13 characters, a check letter then 12 digits (or a temporary UPN).</summary>
    public required string Upn { get; set; }

    public required string LegalFirstName { get; set; }
    public string? LegalMiddleNames { get; set; }
    public required string LegalLastName { get; set; }
    public string? PreferredFirstName { get; set; }
    public string? PreferredLastName { get; set; }

    public DateOnly DateOfBirth { get; set; }
    public Gender Gender { get; set; }

    public Guid? YearGroupId { get; set; }
    public YearGroup? YearGroup { get; set; }
    public Guid? FormId { get; set; }
    public Form? Form { get; set; }

    public SenStatus SenStatus { get; set; }
    public bool PupilPremium { get; set; }
    public bool LookedAfter { get; set; }
    public bool PreviouslyLookedAfter { get; set; }

    public DateOnly? AdmittedOn { get; set; }
    public DateOnly? LeftOn { get; set; }
    public string? LeavingDestination { get; set; }

    /// <summary>Lower-cased names and UPN joined for search, kept in step by <see cref="RefreshSearchText"/>.</summary>
    public string SearchText { get; set; } = "";

    public List<PupilContact> Contacts { get; set; } = [];
    public PupilPhoto? Photo { get; set; }

    public int Version { get; set; }

    public string FirstName => string.IsNullOrWhiteSpace(PreferredFirstName) ? LegalFirstName : PreferredFirstName;
    public string LastName => string.IsNullOrWhiteSpace(PreferredLastName) ? LegalLastName : PreferredLastName;
    public string DisplayName => $"{FirstName} {LastName}";
    public bool HasLeft(DateOnly today) => LeftOn is { } left && left <= today;
    public bool HasEhcp => SenStatus == SenStatus.Ehcp;

    public void RefreshSearchText() =>
        SearchText = string.Join(' ', new[] { LegalFirstName, LegalMiddleNames, LegalLastName, PreferredFirstName, PreferredLastName, Upn }
            .Where(s => !string.IsNullOrWhiteSpace(s))
            .Select(s => s!.Trim().ToLowerInvariant()));
}

/// <summary>A pupil's photograph, kept apart from the pupil row so lists never load it.</summary>
public sealed class PupilPhoto
{
    public Guid PupilId { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Content { get; set; }
}
