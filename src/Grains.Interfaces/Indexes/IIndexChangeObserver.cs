using Orleans.Concurrency;

namespace OrleansSearch.Grains;

/// <summary>
/// A gateway's ear on the catalog: told when an index's generation moves or the index goes away, so that gateways
/// keep index descriptions locally instead of asking the catalog grain on every query. Subscriptions expire
/// (<see cref="IIndexCatalogGrain.Subscribe"/>); gateways renew them and poll as well, so a lost notice only delays.
/// </summary>
[Alias("OrleansSearch.IIndexChangeObserver")]
public interface IIndexChangeObserver : IGrainObserver
{
    [OneWay]
    [Alias("Changed")]
    Task Changed(IndexDescription description);

    [OneWay]
    [Alias("Dropped")]
    Task Dropped(string index);
}
