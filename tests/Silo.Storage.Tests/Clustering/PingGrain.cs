namespace OrleansSearch.Silo.Storage.Tests.Clustering;

public sealed class PingGrain : Grain, IPingGrain
{
    public Task<string> PingAsync(string message) => Task.FromResult($"{message} from {this.GetPrimaryKeyString()}");
}
