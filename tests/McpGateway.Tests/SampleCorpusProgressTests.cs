using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansSearch.McpGateway.Hosting;
using OrleansSearch.Tests.Support;

namespace OrleansSearch.McpGateway.Tests;

/// <summary>Issue 11, defect 12: progress as done/total with a rate and an estimate; readiness says the sample index is loading.</summary>
public sealed class SampleCorpusProgressTests
{
    [Fact]
    public async Task Readiness_is_degraded_with_the_progress_while_the_sample_index_loads()
    {
        var time = new ManualTimeProvider();
        var progress = new SampleCorpusProgress(time);
        var check = new SampleCorpusReadinessCheck(progress);

        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);

        progress.Begin(done: 1_000, total: 21_000);
        var loading = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Degraded, loading.Status);
        Assert.Equal("sample index debian-packages is loading: 1000/21000 documents (4%)", loading.Description);

        time.Advance(TimeSpan.FromSeconds(10));
        progress.Advance(6_000);
        Assert.Equal("6000/21000 documents (28%), 500 documents/s, about 30 s left", progress.Describe());

        progress.Complete();
        var complete = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Healthy, complete.Status);
        Assert.Contains("complete", complete.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_total_is_the_bundled_catalog()
    {
        Assert.Equal(SampleCorpusTests.DocumentCount, await SampleCorpusLoader.CountCorpusAsync());
    }
}
