using System.Text;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using OrleansAgents.Streams.Topics;

namespace OrleansAgents.Streams.Tests;

/// <summary>The glob matcher against an independent model: a regular expression built from the documented rules.</summary>
public sealed class TopicPatternPropertyTests
{
    private static readonly string[] TopicSegments = ["a", "b", "ab", "ba", "x-1", "y_2"];
    private static readonly string[] PatternSegments = ["a", "b", "ab", "*", "**", "?", "a*", "*b", "?b", "a?", "*-?", "x*1", "**"];

    private static Gen<string> Topics => Gen.Elements(TopicSegments).ListOf().Where(l => l.Count is > 0 and <= 6).Select(l => string.Join('.', l));

    private static Gen<string> Patterns => Gen.Elements(PatternSegments).ListOf().Where(l => l.Count is > 0 and <= 5).Select(l => string.Join('.', l));

    [Fact]
    public void The_matcher_agrees_with_a_regular_expression_model_on_random_topics_and_patterns()
    {
        var property = Prop.ForAll(Arb.From(Gen.Zip(Patterns, Topics)), pair =>
            TopicPattern.Matches(pair.Item1, pair.Item2) == Model(pair.Item1, pair.Item2));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3000), property);
    }

    [Fact]
    public void A_pattern_made_from_a_topic_by_wildcarding_segments_matches_it()
    {
        var gen = from topic in Topics
                  from masks in Gen.Elements(0, 1, 2, 3).ArrayOf()
                  select (topic, masks);
        var property = Prop.ForAll(Arb.From(gen), input =>
        {
            var segments = input.topic.Split('.');
            var pattern = string.Join('.', segments.Select((s, i) => (i < input.masks.Length ? input.masks[i] : 0) switch
            {
                1 => "*",
                2 => "**",
                3 => s[..^1] + "?",
                _ => s,
            }));
            return TopicPattern.IsValidPattern(pattern) && TopicPattern.Matches(pattern, input.topic);
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000), property);
    }

    [Theory]
    [InlineData("agents.*.alerts", "agents.summarize.alerts", true)]
    [InlineData("agents.*.alerts", "agents.alerts", false)]
    [InlineData("agents.*.alerts", "agents.a.b.alerts", false)]
    [InlineData("agents.**.alerts", "agents.alerts", true)]
    [InlineData("agents.**.alerts", "agents.a.b.alerts", true)]
    [InlineData("agents.**", "agents", true)]
    [InlineData("**", "anything.at.all", true)]
    [InlineData("job-?", "job-1", true)]
    [InlineData("job-?", "job-12", false)]
    [InlineData("agent-*", "agent-7", true)]
    [InlineData("Agents.x", "agents.x", false)]
    public void Documented_examples_match_as_documented(string pattern, string topic, bool matches)
    {
        Assert.True(TopicPattern.IsValidPattern(pattern));
        Assert.Equal(matches, TopicPattern.Matches(pattern, topic));
        Assert.Equal(matches, Model(pattern, topic));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("a..b", "empty segment")]
    [InlineData(".a", "empty segment")]
    [InlineData("a b", "contains ' '")]
    [InlineData("a/b", "contains '/'")]
    [InlineData("a.*", "use a pattern")]
    public void Invalid_topic_names_are_refused_with_the_reason(string topic, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => TopicPattern.ValidateTopic(topic));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a.b**", "whole segment")]
    [InlineData("a.***", "whole segment")]
    [InlineData("a.#", "contains '#'")]
    [InlineData("a.", "empty segment")]
    public void Invalid_patterns_are_refused_with_the_reason(string pattern, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => TopicPattern.ValidatePattern(pattern));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_topic_name_over_the_length_limit_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => TopicPattern.ValidateTopic(new string('a', TopicPattern.MaxLength + 1)));
        Assert.Contains("limit", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The rules as a regular expression over "." + topic: a plain segment is "\." then the segment with '*' as
    /// "[^.]*" and '?' as "[^.]"; a "**" segment is "(\.[^.]+)*", any number of whole segments.
    /// </summary>
    private static bool Model(string pattern, string topic)
    {
        var regex = new StringBuilder("^");
        foreach (var segment in pattern.Split('.'))
        {
            if (segment == "**")
            {
                regex.Append(@"(?:\.[^.]+)*");
                continue;
            }

            regex.Append(@"\.");
            foreach (var c in segment)
            {
                regex.Append(c switch
                {
                    '*' => "[^.]*",
                    '?' => "[^.]",
                    _ => Regex.Escape(c.ToString()),
                });
            }
        }

        regex.Append('$');
        return Regex.IsMatch("." + topic, regex.ToString(), RegexOptions.CultureInvariant);
    }
}
