using Npgsql;

namespace OrleansSearch.Grains.Storage.Sql;

/// <summary>
/// Which exceptions of Npgsql mean PostgreSQL could not serve us now, as opposed to refusing a statement. Shared by
/// the document store's dialect and the silo's grain-state store, which both talk to the same database.
/// </summary>
public static class PostgresConnectionFailures
{
    /// <summary>
    /// Npgsql's own errors (not <see cref="PostgresException"/>, which the server sent) count when they come from the
    /// socket or a timeout. Of the server's errors, class 08 (connection exception), 57P01–57P03 (the server shutting
    /// down or starting up) and 53300 (too many connections) mean it cannot serve us now.
    /// </summary>
    public static bool Is(Exception exception) => exception switch
    {
        PostgresException server => server.SqlState.StartsWith("08", StringComparison.Ordinal)
            || server.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections,
        NpgsqlException client => client.IsTransient,
        TimeoutException or System.Net.Sockets.SocketException or IOException => true,
        _ => false,
    };

    /// <summary>The exception or one it wraps (a provider may wrap the driver's) is a connection failure.</summary>
    public static bool IsOrWraps(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (Is(current))
            {
                return true;
            }
        }
        return false;
    }
}
