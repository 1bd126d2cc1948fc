using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attune.Platform.Data;

/// <summary>A property stored as one JSON text column, the same shape on every provider and in the open export.</summary>
public static class JsonColumn
{
    /// <summary>
    /// Stores an immutable value (a record) as JSON with <paramref name="options"/>, reading back <paramref name="empty"/> for
    /// a null column; two values are equal when their JSON is.
    /// </summary>
    public static PropertyBuilder<T> AsJson<T>(this PropertyBuilder<T> property, JsonSerializerOptions options, T empty) where T : class =>
        property.HasConversion(
            value => JsonSerializer.Serialize(value, options),
            json => JsonSerializer.Deserialize<T>(json, options) ?? empty,
            new ValueComparer<T>(
                (a, b) => JsonSerializer.Serialize(a, options) == JsonSerializer.Serialize(b, options),
                value => JsonSerializer.Serialize(value, options).GetHashCode(StringComparison.Ordinal),
                value => value));
}
