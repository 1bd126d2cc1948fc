using Attune.Features.Pupils.Import;
using CsCheck;

namespace Attune.Tests.Properties;

public sealed class CsvProperties
{
    private const string FormulaStarts = "=+-@\t\r";

    // Half the fields are arbitrary UTF-16 (lone surrogates included); the other half are short strings made of
    // exactly the characters CSV quoting and formula neutralising care about, so the awkward cases come up often.
    private static readonly Gen<string> Field = Gen.OneOf(
        Gen.String,
        Gen.Char[",\"\r\n\t =+-@'a\u00e9\uFEFF\u2028"].Array[0, 6].Select(chars => new string(chars)));

    private static readonly Gen<string[][]> Rows = Field.Array[1, 5]
        .Where(row => row.Any(field => field.Length > 0))
        .Array[0, 6]
        .Where(rows => rows.Length == 0 || !rows[0][0].StartsWith('\uFEFF'));

    // Arbitrary text, or text built from the characters the parser branches on.
    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.String,
        Gen.Char[",\"\r\na\uFEFF"].Array[0, 40].Select(chars => new string(chars)));

    [Fact]
    public void Any_rows_written_without_neutralising_parse_back_to_exactly_the_same_fields()
    {
        Rows.Sample(rows =>
        {
            var parsed = Csv.Parse(Csv.Write(rows, forSpreadsheet: false));

            Assert.Equal(rows, parsed.Select(record => record.Fields.ToArray()).ToArray());
        });
    }

    [Fact]
    public void Each_written_record_reports_the_line_it_starts_on_counting_line_feeds_inside_quoted_fields()
    {
        Rows.Sample(rows =>
        {
            var parsed = Csv.Parse(Csv.Write(rows, forSpreadsheet: false));

            var expectedLine = 1;
            for (var i = 0; i < rows.Length; i++)
            {
                Assert.Equal(expectedLine, parsed[i].Line);
                expectedLine += 1 + rows[i].Sum(field => field.Count(c => c == '\n'));
            }
        });
    }

    [Fact]
    public void No_field_of_a_file_written_for_a_spreadsheet_starts_a_formula_and_each_is_the_value_or_the_value_after_an_apostrophe()
    {
        Rows.Sample(rows =>
        {
            var parsed = Csv.Parse(Csv.Write(rows, forSpreadsheet: true));

            Assert.Equal(rows.Length, parsed.Count);
            for (var i = 0; i < rows.Length; i++)
            {
                Assert.Equal(rows[i].Length, parsed[i].Fields.Count);
                for (var j = 0; j < rows[i].Length; j++)
                {
                    var original = rows[i][j];
                    var written = parsed[i].Fields[j];
                    Assert.False(written.Length > 0 && FormulaStarts.Contains(written[0], StringComparison.Ordinal),
                        $"Field {written} starts a formula.");
                    Assert.True(written == original || written == "'" + original,
                        $"Field {original} came back as {written}.");
                }
            }
        });
    }

    [Fact]
    public void Parsing_any_text_either_throws_a_format_exception_or_reports_lines_that_start_at_one_and_increase()
    {
        Text.Sample(text =>
        {
            IReadOnlyList<CsvRecord> records;
            try
            {
                records = Csv.Parse(text);
            }
            catch (FormatException)
            {
                return;
            }

            var previous = 0;
            foreach (var record in records)
            {
                Assert.True(record.Line > previous, $"Line {record.Line} follows line {previous}.");
                previous = record.Line;
            }
        });
    }
}
