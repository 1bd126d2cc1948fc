using System.Text;

namespace Attune.Features.Pupils.Import;

/// <summary>One record of a CSV file, with the line it starts on (the header is line 1).</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

/// <summary>
/// RFC 4180 CSV: comma-separated, fields optionally in double quotes, "" for a quote inside quotes,
/// line breaks allowed inside quotes, CRLF or LF line ends, a UTF-8 byte-order mark ignored.
/// </summary>
public static class Csv
{
    public static IReadOnlyList<CsvRecord> Parse(string text)
    {
        var records = new List<CsvRecord>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        var line = 1;
        var recordLine = 1;
        var fieldStarted = false;

        for (var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0:
                    inQuotes = true;
                    fieldStarted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldStarted = true;
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    break;
                case '\r' or '\n':
                    EndRecord();
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(c);
                    fieldStarted = true;
                    break;
            }
        }

        if (inQuotes)
        {
            throw new FormatException($"Line {recordLine}: a quoted field is not closed before the end of the file.");
        }

        EndRecord();
        return records;

        void EndRecord()
        {
            if (fieldStarted || field.Length > 0 || fields.Count > 0)
            {
                fields.Add(field.ToString());
                if (fields.Any(f => f.Length > 0))
                {
                    records.Add(new CsvRecord(recordLine, fields.ToList()));
                }
            }

            fields.Clear();
            field.Clear();
            fieldStarted = false;
        }
    }

    /// <summary>
    /// Writes rows as RFC 4180 CSV with CRLF line ends, quoting a field only when it needs it. For files meant
    /// for a spreadsheet (<paramref name="forSpreadsheet"/>), a cell a spreadsheet would run as a formula gets
    /// a leading apostrophe (see <see cref="Neutralise"/>).
    /// </summary>
    public static string Write(IEnumerable<IReadOnlyList<string>> rows, bool forSpreadsheet = true)
    {
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Count; i++)
            {
                if (i > 0)
                {
                    text.Append(',');
                }

                var value = forSpreadsheet ? Neutralise(row[i]) : row[i];
                if (value.AsSpan().IndexOfAny(",\"\r\n") >= 0)
                {
                    text.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
                }
                else
                {
                    text.Append(value);
                }
            }

            text.Append("\r\n");
        }

        return text.ToString();
    }

    /// <summary>
    /// OWASP's defence against CSV injection: a value starting with = + - @, a tab or a carriage return is a
    /// formula to Excel, LibreOffice and Google Sheets, so it is written with a leading apostrophe and shown as text.
    /// </summary>
    public static string Neutralise(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
}
