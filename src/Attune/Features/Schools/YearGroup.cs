namespace Attune.Features.Schools;

public sealed class YearGroup
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid SchoolId { get; set; }
    public School? School { get; set; }

    /// <summary>For example "Year 7".</summary>
    public required string Name { get; set; }

    /// <summary>National curriculum year: 0 for Reception, 1 to 13 for Years 1 to 13, -1 for nursery.</summary>
    public int NationalCurriculumYear { get; set; }

    public KeyStages KeyStage => KeyStageOf(NationalCurriculumYear);
    public List<Form> Forms { get; set; } = [];

    public static KeyStages KeyStageOf(int nationalCurriculumYear) => nationalCurriculumYear switch
    {
        <= 0 => KeyStages.EarlyYears,
        <= 2 => KeyStages.KS1,
        <= 6 => KeyStages.KS2,
        <= 9 => KeyStages.KS3,
        <= 11 => KeyStages.KS4,
        _ => KeyStages.KS5,
    };
}

/// <summary>A registration group (form or class), with its tutor.</summary>
public sealed class Form
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid SchoolId { get; set; }
    public Guid YearGroupId { get; set; }
    public YearGroup? YearGroup { get; set; }
    public required string Name { get; set; }
    public Guid? TutorUserId { get; set; }
}
