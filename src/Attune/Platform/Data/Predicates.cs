using System.Linq.Expressions;

namespace Attune.Platform.Data;

/// <summary>Builds one query filter from several alternatives, so only the branches a member of staff needs reach the SQL.</summary>
public static class Predicates
{
    public static Expression<Func<T, bool>> AnyOf<T>(IReadOnlyList<Expression<Func<T, bool>>> branches)
    {
        var parameter = Expression.Parameter(typeof(T), "x");
        var body = branches
            .Select(b => new ReplaceParameter(b.Parameters[0], parameter).Visit(b.Body))
            .Aggregate(Expression.OrElse);
        return Expression.Lambda<Func<T, bool>>(body, parameter);
    }

    private sealed class ReplaceParameter(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
