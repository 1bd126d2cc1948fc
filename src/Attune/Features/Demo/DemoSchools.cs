using Attune.Features.Schools;

namespace Attune.Features.Demo;

/// <summary>The two fictional demo schools, their year groups, forms and the current academic year.</summary>
public static class DemoSchools
{
    public const string Kingsmead = "Kingsmead Academy";
    public const string Hollybrook = "Hollybrook School";

    public static School Create(Trust trust, string name, DateOnly today)
    {
        var isSpecial = name == Hollybrook;
        var school = new School
        {
            TrustId = trust.Id,
            Name = name,
            Urn = isSpecial ? "999702" : "999701",
            Phase = isSpecial ? SchoolPhase.Special : SchoolPhase.Secondary,
            KeyStages = isSpecial ? KeyStages.KS2 | KeyStages.KS3 | KeyStages.KS4 : KeyStages.KS3 | KeyStages.KS4 | KeyStages.KS5,
            MorningRegisterOpens = isSpecial ? new TimeOnly(9, 0) : new TimeOnly(8, 40),
            AfternoonRegisterOpens = isSpecial ? new TimeOnly(13, 0) : new TimeOnly(13, 20),
            RegisterOpenMinutes = isSpecial ? 20 : 15,
        };

        var startYear = today.Month >= 9 ? today.Year : today.Year - 1;
        var academicYear = new AcademicYear
        {
            SchoolId = school.Id,
            Name = $"{startYear}/{(startYear + 1) % 100:D2}",
            StartsOn = new DateOnly(startYear, 9, 1),
            EndsOn = new DateOnly(startYear + 1, 7, 31),
        };
        academicYear.Terms.AddRange(
        [
            new Term { Name = "Autumn", StartsOn = new DateOnly(startYear, 9, 3), EndsOn = new DateOnly(startYear, 12, 18) },
            new Term { Name = "Spring", StartsOn = new DateOnly(startYear + 1, 1, 5), EndsOn = new DateOnly(startYear + 1, 3, 26) },
            new Term { Name = "Summer", StartsOn = new DateOnly(startYear + 1, 4, 12), EndsOn = new DateOnly(startYear + 1, 7, 21) },
        ]);
        school.AcademicYears.Add(academicYear);

        var years = isSpecial ? Enumerable.Range(5, 7) : Enumerable.Range(7, 7);
        foreach (var year in years)
        {
            var yearGroup = new YearGroup { SchoolId = school.Id, Name = $"Year {year}", NationalCurriculumYear = year };
            var formNames = isSpecial
                ? [$"Hub {year - 4}"]
                : year >= 12 ? [$"{year}S1", $"{year}S2"] : new[] { "X", "Y", "Z" }.Select(f => $"{year}{f}").ToArray();
            foreach (var form in formNames)
            {
                yearGroup.Forms.Add(new Form { SchoolId = school.Id, YearGroupId = yearGroup.Id, Name = form });
            }

            school.YearGroups.Add(yearGroup);
        }

        return school;
    }
}
