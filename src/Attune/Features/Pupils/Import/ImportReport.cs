namespace Attune.Features.Pupils.Import;

/// <summary>What an import did or would do, in plain sentences, for the command line and the page alike.</summary>
public static class ImportReport
{
    public static IEnumerable<string> Lines(ImportResult result, string schoolName)
    {
        if (!result.Succeeded)
        {
            yield return $"Nothing was imported into {schoolName}: {result.Problems.Count} {(result.Problems.Count == 1 ? "problem" : "problems")} to fix first.";
            foreach (var problem in result.Problems)
            {
                yield return "  " + problem;
            }
        }
        else
        {
            yield return result.DryRun
                ? $"Checked: the file can be imported into {schoolName}. Nothing has been changed yet."
                : $"Imported into {schoolName}.";
            var verb = result.DryRun ? "would be" : "were";
            yield return result.DryRun
                ? $"  {result.Created} new {Pupils(result.Created)} would be added, {result.Updated} would be updated, {result.Unchanged} unchanged."
                : $"  {result.Created} new {Pupils(result.Created)} added, {result.Updated} updated, {result.Unchanged} unchanged.";
            if (result.YearGroupsCreated.Count > 0)
            {
                yield return $"  Year groups that {verb} created: {string.Join(", ", result.YearGroupsCreated)}.";
            }

            if (result.FormsCreated.Count > 0)
            {
                yield return $"  Forms that {verb} created: {string.Join(", ", result.FormsCreated)}.";
            }
        }

        if (result.IgnoredHeaders.Count > 0)
        {
            yield return $"  Columns ignored (not recognised): {string.Join(", ", result.IgnoredHeaders)}.";
        }
    }

    private static string Pupils(int count) => count == 1 ? "pupil" : "pupils";
}
