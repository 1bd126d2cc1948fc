using System.Data.Common;
using Attune.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Attune.Bench;

/// <summary>
/// Writes many rows fast, in exactly the form EF Core would: table and column names, value converters and
/// parameter types all come from the app's own model. SQLite gets one prepared INSERT per table inside one
/// transaction; PostgreSQL gets binary COPY. No change tracking and no row-at-a-time SaveChanges.
/// </summary>
public sealed class BulkWriter(AppDbContext db)
{
    /// <summary>Writes every entity added to the change tracker, principals before dependents, then clears it.</summary>
    public async Task<int> WriteTrackedAsync()
    {
        db.ChangeTracker.DetectChanges();
        var byType = db.ChangeTracker.Entries()
            .Where(e => e.State == EntityState.Added)
            .GroupBy(e => e.Metadata)
            .ToDictionary(g => g.Key, g => g.ToList());
        var written = 0;
        foreach (var type in DependencyOrder(byType.Keys))
        {
            var properties = Columns(type);
            written += await WriteAsync(type, byType[type].Select(entry => Row(entry, properties)));
        }

        db.ChangeTracker.Clear();
        return written;
    }

    /// <summary>Writes rows of one entity type; each row holds the values of <see cref="Columns"/> in order.</summary>
    public async Task<int> WriteAsync(IEntityType type, IEnumerable<object?[]> rows)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync();
        }

        var properties = Columns(type);
        var table = type.GetTableName()!;
        var columns = properties.Select(p => p.GetColumnName()).ToList();
        return connection is NpgsqlConnection postgres
            ? await CopyAsync(postgres, table, columns, properties, rows)
            : await InsertAsync(connection, table, columns, properties, rows);
    }

    public static IReadOnlyList<IProperty> Columns(IEntityType type) => type.GetProperties().ToList();

    private static object?[] Row(EntityEntry entry, IReadOnlyList<IProperty> properties)
    {
        var values = new object?[properties.Count];
        for (var i = 0; i < properties.Count; i++)
        {
            values[i] = entry.Property(properties[i]).CurrentValue;
        }

        return values;
    }

    private static object? ToProvider(IProperty property, object? value) =>
        value is null ? null : property.GetTypeMapping().Converter is { } converter ? converter.ConvertToProvider(value) : value;

    private static async Task<int> InsertAsync(DbConnection connection, string table, List<string> columns, IReadOnlyList<IProperty> properties, IEnumerable<object?[]> rows)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
        var parameters = new DbParameter[properties.Count];
        for (var i = 0; i < properties.Count; i++)
        {
            parameters[i] = ((Microsoft.EntityFrameworkCore.Storage.RelationalTypeMapping)properties[i].GetTypeMapping())
                .CreateParameter(command, "$p" + i, null, nullable: true);
            command.Parameters.Add(parameters[i]);
        }

        await command.PrepareAsync();
        var count = 0;
        foreach (var row in rows)
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i].Value = ToProvider(properties[i], row[i]) ?? DBNull.Value;
            }

            await command.ExecuteNonQueryAsync();
            count++;
        }

        await transaction.CommitAsync();
        return count;
    }

    private static async Task<int> CopyAsync(NpgsqlConnection connection, string table, List<string> columns, IReadOnlyList<IProperty> properties, IEnumerable<object?[]> rows)
    {
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) FROM STDIN (FORMAT BINARY)");
        var count = 0;
        foreach (var row in rows)
        {
            await importer.StartRowAsync();
            for (var i = 0; i < properties.Count; i++)
            {
                var value = ToProvider(properties[i], row[i]);
                if (value is null)
                {
                    await importer.WriteNullAsync();
                }
                else
                {
                    await importer.WriteAsync(value);
                }
            }

            count++;
        }

        await importer.CompleteAsync();
        return count;
    }

    /// <summary>Entity types ordered so that every principal table is written before the tables that point at it.</summary>
    private static List<IEntityType> DependencyOrder(IEnumerable<IEntityType> types)
    {
        var pending = types.ToHashSet();
        var ordered = new List<IEntityType>();
        while (pending.Count > 0)
        {
            var ready = pending
                .Where(t => t.GetForeignKeys().All(fk => fk.PrincipalEntityType == t || !pending.Contains(fk.PrincipalEntityType)))
                .OrderBy(t => t.Name, StringComparer.Ordinal)
                .ToList();
            if (ready.Count == 0)
            {
                throw new InvalidOperationException("Foreign keys form a cycle between: " + string.Join(", ", pending.Select(t => t.ShortName())));
            }

            ordered.AddRange(ready);
            pending.ExceptWith(ready);
        }

        return ordered;
    }
}
