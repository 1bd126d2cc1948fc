namespace Attune.Tests.Support;

public sealed class TestEnvironmentTests
{
    /// <summary>./test.sh always provides PostgreSQL; a run that silently fell back to SQLite alone must fail.</summary>
    [Fact]
    public void PostgreSQL_is_available_when_the_test_script_requires_it()
    {
        if (Environment.GetEnvironmentVariable("ATTUNE_TEST_REQUIRE_POSTGRES") == "1")
        {
            Assert.True(TestDatabase.PostgresAvailable, $"{TestDatabase.PostgresVariable} is not set");
        }
    }
}
