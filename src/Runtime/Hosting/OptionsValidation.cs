using System.Globalization;

namespace OrleansSearch.Runtime.Hosting;

/// <summary>Checks option values at startup with messages naming the option, its value and the rule.</summary>
internal static class OptionsValidation
{
    public static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} is {value}; it must be greater than zero.");
        }
    }

    public static void InRange(long value, long min, long max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value,
                string.Create(CultureInfo.InvariantCulture, $"{name} is {value}; it must be between {min} and {max}."));
        }
    }

    public static void NotEmpty(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{name} is empty; it must name something.", name);
        }
    }
}
