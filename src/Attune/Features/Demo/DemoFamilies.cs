using Attune.Features.Pupils;
using Attune.Features.Schools;

namespace Attune.Features.Demo;

/// <summary>Fictional pupils and their families, drawn deterministically from the seeded random source.</summary>
public sealed class DemoFamilies(Random random)
{
    private static readonly string[] GirlsNames =
    [
        "Amelia", "Olivia", "Isla", "Ava", "Freya", "Lily", "Ivy", "Florence", "Willow", "Sophia", "Poppy", "Evie",
        "Aisha", "Zara", "Maryam", "Hana", "Priya", "Chloe", "Niamh", "Erin", "Grace", "Ruby", "Mia", "Imogen",
        "Leah", "Esme", "Maja", "Zofia", "Amara", "Chiamaka", "Nia", "Keira", "Jasmine", "Layla", "Sienna", "Phoebe",
    ];

    private static readonly string[] BoysNames =
    [
        "Oliver", "George", "Noah", "Arthur", "Leo", "Harry", "Oscar", "Archie", "Henry", "Theo", "Freddie", "Jack",
        "Mohammed", "Yusuf", "Ibrahim", "Arjun", "Rohan", "Kacper", "Jakub", "Callum", "Ethan", "Liam", "Tyler", "Kai",
        "Finley", "Reuben", "Tobias", "Kwame", "Tunde", "Dylan", "Alfie", "Jayden", "Rhys", "Owen", "Max", "Luca",
    ];

    private static readonly string[] FamilyNames =
    [
        "Ashworth", "Bramley", "Carrow", "Denholm", "Ellery", "Fairbairn", "Garside", "Hollins", "Ingleby", "Jessop",
        "Kettering", "Lomax", "Marchant", "Northcott", "Oldroyd", "Pennock", "Quarrie", "Ridsdale", "Sowerby", "Thwaite",
        "Underhill", "Varley", "Whitlock", "Yardley", "Akhtar", "Balogun", "Chaudhry", "Dimitrov", "Eze", "Farooqui",
        "Gashi", "Hussain", "Iqbal", "Jankowski", "Kaur", "Lindqvist", "Mensah", "Nowicki", "Okonkwo", "Petrova",
        "Rahimi", "Sandhu", "Tiwari", "Uddin", "Vasquez", "Wojcik", "Yilmaz", "Zielinski", "Achebe", "Brennan",
    ];

    private static readonly string[] Streets = ["Mill Lane", "Church Road", "Station Road", "Orchard Close", "Willow Way", "Canal Street", "Park View", "Beech Avenue"];

    public List<Contact> Contacts { get; } = [];

    public List<Pupil> Populate(School school, int pupilsPerYear, int laNumber, int establishment)
    {
        var pupils = new List<Pupil>();
        // A UPN's serial runs within its year of issue, so a large school never needs more than three digits.
        var serials = new Dictionary<int, int>();
        var academicYearStart = school.AcademicYears[0].StartsOn;
        foreach (var yearGroup in school.YearGroups)
        {
            for (var i = 0; i < pupilsPerYear; i++)
            {
                var female = random.Next(100) < (school.Phase == SchoolPhase.Special ? 25 : 50);
                var familyName = Pick(FamilyNames);
                var firstName = Pick(female ? GirlsNames : BoysNames);

                // Born between 1 September and 31 August of the right cohort.
                var cohortStart = new DateOnly(academicYearStart.Year - yearGroup.NationalCurriculumYear - 5, 9, 1);
                var dateOfBirth = cohortStart.AddDays(random.Next(365));
                var form = yearGroup.Forms[random.Next(yearGroup.Forms.Count)];
                var sen = school.Phase == SchoolPhase.Special ? SenStatus.Ehcp : random.Next(100) switch
                {
                    < 4 => SenStatus.Ehcp,
                    < 16 => SenStatus.SenSupport,
                    _ => SenStatus.None,
                };
                var pupil = new Pupil
                {
                    SchoolId = school.Id,
                    Upn = Upn.Create(laNumber, establishment, dateOfBirth.Year + 5, serials[dateOfBirth.Year] = serials.GetValueOrDefault(dateOfBirth.Year) + 1),
                    LegalFirstName = firstName,
                    LegalMiddleNames = random.Next(3) == 0 ? Pick(female ? GirlsNames : BoysNames) : null,
                    LegalLastName = familyName,
                    PreferredFirstName = random.Next(25) == 0 ? firstName[..Math.Min(3, firstName.Length)] : null,
                    DateOfBirth = dateOfBirth,
                    Gender = female ? Gender.Female : Gender.Male,
                    YearGroupId = yearGroup.Id,
                    FormId = form.Id,
                    SenStatus = sen,
                    PupilPremium = random.Next(100) < (school.Phase == SchoolPhase.Special ? 55 : 27),
                    LookedAfter = random.Next(100) < (school.Phase == SchoolPhase.Special ? 8 : 1),
                    PreviouslyLookedAfter = random.Next(100) < 2,
                    AdmittedOn = new DateOnly(academicYearStart.Year - (yearGroup.NationalCurriculumYear - (school.Phase == SchoolPhase.Special ? 5 : 7)), 9, 3),
                };
                pupil.RefreshSearchText();
                AddFamily(pupil, pupils);
                pupils.Add(pupil);
            }
        }

        return pupils;
    }

    private void AddFamily(Pupil pupil, List<Pupil> earlier)
    {
        // About one pupil in eight has an older sibling already at the school: they share their contacts.
        var sibling = random.Next(8) == 0
            ? earlier.LastOrDefault(p => p.LegalLastName == pupil.LegalLastName && p.Contacts.Count > 0)
            : null;
        if (sibling is not null)
        {
            foreach (var link in sibling.Contacts)
            {
                pupil.Contacts.Add(new PupilContact
                {
                    PupilId = pupil.Id,
                    ContactId = link.ContactId,
                    Relationship = link.Relationship,
                    ParentalResponsibility = link.ParentalResponsibility,
                    LivesWith = link.LivesWith,
                    Priority = link.Priority,
                    NoContact = link.NoContact,
                    NoContactReason = link.NoContactReason,
                });
            }

            return;
        }

        var address = $"{random.Next(1, 120)} {Pick(Streets)}, Riverside RV{random.Next(1, 9)} {random.Next(1, 9)}{(char)('A' + random.Next(26))}{(char)('A' + random.Next(26))}";
        if (pupil.LookedAfter)
        {
            AddContact(pupil, Pick(GirlsNames), Pick(FamilyNames), "Foster carer", parentalResponsibility: false, livesWith: true, priority: 1, address);
            AddContact(pupil, Pick(BoysNames), Pick(FamilyNames), "Social worker", parentalResponsibility: false, livesWith: false, priority: 2, null);
            var mother = AddContact(pupil, Pick(GirlsNames), pupil.LegalLastName, "Mother", parentalResponsibility: true, livesWith: false, priority: 3, null);
            if (random.Next(3) == 0)
            {
                mother.NoContact = true;
                mother.NoContactReason = "Contact only through the local authority (care order).";
            }

            return;
        }

        AddContact(pupil, Pick(GirlsNames), pupil.LegalLastName, "Mother", parentalResponsibility: true, livesWith: true, priority: 1, address);
        var roll = random.Next(100);
        if (roll < 60)
        {
            AddContact(pupil, Pick(BoysNames), pupil.LegalLastName, "Father", parentalResponsibility: true, livesWith: true, priority: 2, address);
        }
        else if (roll < 85)
        {
            var father = AddContact(pupil, Pick(BoysNames), Pick(FamilyNames), "Father", parentalResponsibility: true, livesWith: false, priority: 2, null);
            if (random.Next(10) == 0)
            {
                father.NoContact = true;
                father.NoContactReason = "Prohibited steps order: do not release the pupil or share information.";
            }
        }
        else
        {
            AddContact(pupil, Pick(GirlsNames), Pick(FamilyNames), "Grandparent", parentalResponsibility: false, livesWith: false, priority: 2, null);
        }
    }

    private PupilContact AddContact(Pupil pupil, string firstName, string lastName, string relationship, bool parentalResponsibility, bool livesWith, int priority, string? address)
    {
        var contact = new Contact
        {
            SchoolId = pupil.SchoolId,
            Title = relationship switch { "Mother" => "Ms", "Father" => "Mr", _ => null },
            FirstName = firstName,
            LastName = lastName,
            MobilePhone = $"07700 9{random.Next(0, 100000):D5}",
            Email = $"{firstName}.{lastName}{random.Next(10, 99)}@families.example".ToLowerInvariant(),
            Address = address,
        };
        Contacts.Add(contact);
        var link = new PupilContact
        {
            PupilId = pupil.Id,
            ContactId = contact.Id,
            Relationship = relationship,
            ParentalResponsibility = parentalResponsibility,
            LivesWith = livesWith,
            Priority = priority,
        };
        pupil.Contacts.Add(link);
        return link;
    }

    private string Pick(string[] names) => names[random.Next(names.Length)];
}
