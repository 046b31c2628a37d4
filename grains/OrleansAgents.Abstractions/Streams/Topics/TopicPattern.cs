namespace OrleansAgents.Streams.Topics;

/// <summary>
/// Topic names and topic patterns, with glob semantics.
/// </summary>
/// <remarks>
/// <para>A <b>topic name</b> is one or more segments separated by dots (<c>agents.summarize.alerts</c>); each segment is
/// one or more of <c>A-Z a-z 0-9 - _</c>; at most <see cref="MaxLength"/> characters. Names are case-sensitive.</para>
/// <para>A <b>pattern</b> has the same segments, where a segment may also contain wildcards:</para>
/// <list type="bullet">
/// <item><c>*</c> matches any run of characters within one segment (never a dot): <c>agents.*.alerts</c> matches
/// <c>agents.a.alerts</c> but not <c>agents.alerts</c> or <c>agents.a.b.alerts</c>; <c>agent-*</c> matches
/// <c>agent-7</c>. A segment of only <c>*</c> therefore matches exactly one segment.</item>
/// <item><c>?</c> matches exactly one character within a segment: <c>job-?</c> matches <c>job-1</c>, not <c>job-12</c>.</item>
/// <item><c>**</c>, as a whole segment, matches zero or more whole segments: <c>agents.**</c> matches <c>agents</c>,
/// <c>agents.a</c> and <c>agents.a.b</c>; <c>a.**.z</c> matches <c>a.z</c> and <c>a.b.c.z</c>. <c>**</c> inside a
/// longer segment (<c>a**</c>) is invalid.</item>
/// </list>
/// <para>A pattern without wildcards matches exactly the topic of the same name.</para>
/// </remarks>
public static class TopicPattern
{
    /// <summary>The stream namespace of topics: topic <c>name</c> is the stream <c>(topics, name)</c>.</summary>
    public const string Namespace = "topics";

    /// <summary>
    /// The stream namespace of pattern subscriptions: the subscribers of a pattern subscribe to the stream
    /// <c>(topic-patterns, pattern)</c>, and each topic's router forwards the topic's messages there.
    /// </summary>
    public const string PatternNamespace = "topic-patterns";

    /// <summary>The longest topic name or pattern, in characters.</summary>
    public const int MaxLength = 256;

    /// <summary>Whether <paramref name="pattern"/> contains a wildcard.</summary>
    public static bool HasWildcards(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return pattern.AsSpan().IndexOfAny('*', '?') >= 0;
    }

    /// <summary>Checks a topic name.</summary>
    /// <exception cref="ArgumentException">It is not a valid topic name; the message says why.</exception>
    public static void ValidateTopic(string topic)
    {
        if (TopicError(topic, wildcards: false) is { } error)
        {
            throw new ArgumentException(error, nameof(topic));
        }
    }

    /// <summary>Checks a pattern.</summary>
    /// <exception cref="ArgumentException">It is not a valid pattern; the message says why.</exception>
    public static void ValidatePattern(string pattern)
    {
        if (TopicError(pattern, wildcards: true) is { } error)
        {
            throw new ArgumentException(error, nameof(pattern));
        }
    }

    /// <summary>Whether <paramref name="topic"/> is a valid topic name.</summary>
    public static bool IsValidTopic(string topic) => TopicError(topic, wildcards: false) is null;

    /// <summary>Whether <paramref name="pattern"/> is a valid pattern.</summary>
    public static bool IsValidPattern(string pattern) => TopicError(pattern, wildcards: true) is null;

    /// <summary>Whether <paramref name="topic"/> matches <paramref name="pattern"/>. Both are assumed valid.</summary>
    public static bool Matches(string pattern, string topic)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(topic);
        var p = pattern.Split('.');
        var t = topic.Split('.');

        // reachable[j]: the first i pattern segments can consume the first j topic segments.
        var reachable = new bool[t.Length + 1];
        reachable[0] = true;
        foreach (var segment in p)
        {
            var next = new bool[t.Length + 1];
            if (segment == "**")
            {
                var any = false;
                for (var j = 0; j <= t.Length; j++)
                {
                    any |= reachable[j];
                    next[j] = any;
                }
            }
            else
            {
                for (var j = 0; j < t.Length; j++)
                {
                    next[j + 1] = reachable[j] && SegmentMatches(segment, t[j]);
                }
            }

            reachable = next;
        }

        return reachable[t.Length];
    }

    /// <summary>Glob within one segment: <c>*</c> any run, <c>?</c> one character; greedy with backtracking to the last star.</summary>
    private static bool SegmentMatches(string pattern, string text)
    {
        int p = 0, t = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    private static string? TopicError(string? value, bool wildcards)
    {
        var what = wildcards ? "Topic pattern" : "Topic name";
        if (string.IsNullOrEmpty(value))
        {
            return $"{what} is empty.";
        }

        if (value.Length > MaxLength)
        {
            return $"{what} '{value[..32]}…' is {value.Length} characters long; the limit is {MaxLength}.";
        }

        foreach (var segment in value.Split('.'))
        {
            if (segment.Length == 0)
            {
                return $"{what} '{value}' has an empty segment (two dots in a row, or a leading or trailing dot).";
            }

            if (wildcards && segment != "**" && segment.Contains("**", StringComparison.Ordinal))
            {
                return $"{what} '{value}': '**' must be a whole segment (as in 'a.**.b'), not part of '{segment}'.";
            }

            foreach (var c in segment)
            {
                var ok = char.IsAsciiLetterOrDigit(c) || c is '-' or '_' || (wildcards && c is '*' or '?');
                if (!ok)
                {
                    return wildcards
                        ? $"{what} '{value}' contains '{c}'; segments may contain A-Z, a-z, 0-9, '-', '_' and the wildcards '*', '?' and '**'."
                        : $"{what} '{value}' contains '{c}'; segments may contain only A-Z, a-z, 0-9, '-' and '_' (use a pattern to subscribe with wildcards).";
                }
            }
        }

        return null;
    }
}
