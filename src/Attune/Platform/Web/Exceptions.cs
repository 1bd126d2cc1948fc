namespace Attune.Platform.Web;

/// <summary>The record does not exist or the member of staff may not know that it does. Answered with 404.</summary>
public sealed class NotFoundException() : Exception("Not found");

/// <summary>Input that cannot be accepted, with a message naming the field or row. Answered with 400.</summary>
public sealed class ValidationException(string message) : Exception(message);
